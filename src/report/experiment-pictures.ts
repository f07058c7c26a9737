/**
 * The report's pictures for one experiment: for each featured setting, the
 * decision regions and the layer-by-layer representations of its best run and
 * of a typical (median) run; the layer animation of one run; and a training
 * film where the essay watches a network struggle.
 */
import type { Engine } from '../engine/engine.js';
import { Model, type LayerSpec } from '../model/model.js';
import { bestAndTypical, experimentById, type ShardFile } from '../experiments/index.js';
import type { Figure } from './html.js';
import type { PictureMaker } from './build.js';
import { networkAnimationHtml, pngDataUri, regionsPicture, representationStrip, trainingFilmHtml } from './figures.js';
import { topologyReport } from './topology.js';
import { topologyTableHtml } from './topology-html.js';

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

/** The titles drawn in the report's pictures of a setting (a test checks each fits its picture). */
export const pictureTitles = (label: string, which: 'best' | 'typical') => ({
  regions: `${label}, ${which}`,
  strip: `${label}, ${which} run`,
  animation: `${label}: layer by layer`,
  film: `${label}: training`,
});

/**
 * The report's pictures, drawn with `engine`: decision regions and layer-by-layer
 * representations of the best and a typical run of each featured setting, the
 * layer animation and the training film where an experiment has them.
 */
export function experimentPictures(engine: Engine): PictureMaker {
  return (file: ShardFile) => {
    const ex = experimentById(file.experiment);
    const settings = ex.settings(file.options);
    const figures: Figure[] = [];
    for (const id of ex.featured) {
      const setting = settings.find((s) => s.id === id);
      const runs = bestAndTypical(file, id);
      if (!setting || !runs) continue;
      const chosen = runs.typical.seed === runs.best.seed ? [['best', runs.best] as const] : [['best', runs.best] as const, ['typical', runs.typical] as const];
      for (const [which, run] of chosen) {
        const model = Model.fromJSON(engine, run.model);
        try {
          const data = ex.data(setting, run.seed, file.options);
          const caption = `${setting.label} — ${which} run (seed ${run.seed}): ${pct(run.accuracy)} of the training points`;
          const titles = pictureTitles(setting.label, which);
          const regions = regionsPicture(model, data, titles.regions);
          if (regions) figures.push({ caption: `Decision regions. ${caption}`, image: pngDataUri(regions) });
          figures.push({ caption: `Every layer's representation with the deformed grid (and the class line where the rest of the net is linear). ${caption}`, image: pngDataUri(representationStrip(model, data, titles.strip)) });
          if (which === 'best') {
            figures.push({ caption: `Topology report, ${setting.label}, best run: each layer's map, whether the classes are linearly separable there, each class's persistence barcode and the Betti numbers the stated rule reads off it (k-NN graph geodesic, k = 16), checked against the maps: where a homeomorphism would have to change them, the estimate is marked unreliable with the reason.`, html: topologyTableHtml(topologyReport(model, data)) });
          }
        } finally {
          model.dispose();
        }
      }
    }
    if (ex.animate) {
      const setting = settings.find((s) => s.id === ex.animate);
      const runs = bestAndTypical(file, ex.animate);
      if (setting && runs) {
        const model = Model.fromJSON(engine, runs.best.model);
        try {
          const html = networkAnimationHtml(model, ex.data(setting, runs.best.seed, file.options), pictureTitles(setting.label, 'best').animation);
          if (html) figures.push({ caption: `The network as a continuous deformation (the essay's ambient isotopy): for each layer, W along a path in GL⁺(n), then + b, then the activation. ${setting.label}, seed ${runs.best.seed}.`, html: embed(html) });
        } finally {
          model.dispose();
        }
      }
    }
    if (ex.film) {
      const setting = settings.find((s) => s.id === ex.film!.setting);
      const first = file.results.find((r) => r.setting === ex.film!.setting);
      if (setting && first) {
        const layers = first.model.layers.map((l): LayerSpec => (l.type === 'dense' ? { type: 'dense', units: l.units, activation: l.activation } : (() => { throw new Error('film: dense networks only'); })()));
        const model = Model.create(engine, { inputs: first.model.inputs, layers, seed: first.seed });
        try {
          const data = ex.data(setting, first.seed, file.options);
          const html = trainingFilmHtml(model, data, { epochs: file.options.quick ? 150 : 400, batchSize: 32, optimizer: 'adam', learningRate: 0.01, seed: first.seed }, ex.film.layer + 1, pictureTitles(setting.label, 'best').film);
          figures.push({ caption: `Watch it struggle: the hidden representation and the classification line while ${setting.label} trains (seed ${first.seed}).`, html: embed(html) });
        } finally {
          model.dispose();
        }
      }
    }
    return figures;
  };
}

/** A whole player page inside the report, isolated in an iframe (srcdoc keeps it offline). */
function embed(page: string): string {
  const escaped = page.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  return `<iframe srcdoc="${escaped}" width="470" height="560" style="border:1px solid #eee"></iframe>`;
}
