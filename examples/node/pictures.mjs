// Trains a small network on two spirals and draws what it does, one call per picture.
//   node pictures.mjs [out-folder]
// Writes regions.png/.svg, layers.png/.svg, animation.html and film.html, and
// prints one line of JSON listing them.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine, Model, fit, spirals, decisionRegions, representations, animateNetwork, recordTrainingFilm } from 'untangle';
import { regionsPicture, representationStrip, networkAnimationHtml, trainingFilmHtml, toPng, toSvg, writeImage } from 'untangle/render';

const out = process.argv[2] ?? 'pictures';
mkdirSync(out, { recursive: true });
const engine = await createEngine();
const data = spirals({ n: 300, turns: 1 });
const spec = { inputs: 2, layers: [{ units: 2, activation: 'tanh' }, { units: 2, activation: 'tanh' }, { units: 2 }], seed: 4 };
const training = { epochs: 200, batchSize: 32, optimizer: 'adam', learningRate: 0.03, seed: 4 };

// The training film records while it trains a fresh model.
const filmed = Model.create(engine, spec);
const film = recordTrainingFilm(filmed, data, training, { maxFrames: 40 });

const model = Model.create(engine, spec);
fit(model, data, training);
const regions = regionsPicture(decisionRegions(model, data), { data, title: 'two spirals: decision regions' });
const layers = representationStrip(representations(model, data), { title: 'layer by layer' });

const written = {
  'regions.png': toPng(regions),
  'regions.svg': toSvg(regions),
  'layers.png': toPng(layers),
  'layers.svg': toSvg(layers),
  'animation.html': networkAnimationHtml(animateNetwork(model, data), { title: 'the network as a continuous deformation' }),
  'film.html': trainingFilmHtml(film, { title: 'training' }),
};
for (const [name, content] of Object.entries(written)) await writeImage(join(out, name), content);
console.log(JSON.stringify({ out, files: Object.keys(written), accuracy: model.evaluate(data).accuracy }));
