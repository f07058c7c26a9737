// Draws the six pictures of docs/pictures/ (shown in README.md) from seeded runs:
//   npx tsx scripts/readme-pictures.ts
// Each is small (< 100 KB) so the repository stays light; rerun after changing the renderer.
import { writeFileSync } from 'node:fs';
import { createEngine } from '../src/engine/engine.js';
import { Model, type LayerSpec } from '../src/model/model.js';
import { fit } from '../src/train/trainer.js';
import { makeDataset } from '../src/data/index.js';
import { decisionRegions } from '../src/export/decision-regions.js';
import { representations } from '../src/export/representations.js';
import { animateNetwork } from '../src/export/layer-animation.js';
import { recordTrainingFilm } from '../src/export/training-film.js';
import { regionsPicture, representationStrip, networkAnimationFrames, trainingFilmFrames, framePicture, toPng } from '../src/render/index.js';
import { stripPicture } from '../src/render/pictures.js';
import type { Picture } from '../src/render/index.js';

const engine = await createEngine();
const dense = (widths: number[], classes: number, activation: 'tanh' | 'relu' = 'tanh'): LayerSpec[] =>
  [...widths.map((units): LayerSpec => ({ units, activation })), { units: classes, activation: 'linear' }];
const save = (name: string, picture: Picture) => {
  const png = toPng(picture);
  writeFileSync(`docs/pictures/${name}.png`, png);
  console.log(`docs/pictures/${name}.png ${picture.width}×${picture.height} ${(png.length / 1024).toFixed(0)} KB`);
};

// 1. Two spirals, separated by a small deep net.
const spirals = makeDataset('spirals', { n: 600, seed: 1 });
const deep = Model.create(engine, { inputs: 2, layers: dense([16, 16, 16], 2), seed: 1 });
fit(deep, spirals, { epochs: 400, learningRate: 0.01, seed: 1 });
save('1-spirals-regions', regionsPicture(decisionRegions(deep, spirals, { resolution: 150 }), { data: spirals, title: 'two spirals: decision regions', width: 360, height: 360 }));

// 2. A disk inside an annulus, layer by layer through a width-3 net: the third dimension lifts the disk out.
const disk = makeDataset('disk-annulus', { n: 500, seed: 1 });
const lift = Model.create(engine, { inputs: 2, layers: dense([3], 2), seed: 1 });
fit(lift, disk, { epochs: 300, learningRate: 0.02, seed: 1 });
save('2-disk-annulus-layers', representationStrip(representations(lift, disk, { linesPerAxis: 11, pointsPerLine: 40 }), { title: 'disk-annulus through a width-3 layer', panelWidth: 260, panelHeight: 260 }));

// 3. Width 2 cannot untangle it: the essay's "easy way out" squeezes the disk through.
const narrow = Model.create(engine, { inputs: 2, layers: dense([2, 2, 2], 2), seed: 2 });
fit(narrow, disk, { epochs: 300, learningRate: 0.02, seed: 2 });
save('3-width-2-layers', representationStrip(representations(narrow, disk, { linesPerAxis: 11, pointsPerLine: 40 }), { title: 'width 2: the disk pushed through the annulus', panelWidth: 260, panelHeight: 260 }));

// 4. Two linked tori in 3-D, pulled apart by 3-unit layers.
const tori = makeDataset('linked-tori', { n: 600, seed: 1 });
const torus = Model.create(engine, { inputs: 3, layers: dense([3, 3, 3], 2), seed: 1 });
fit(torus, tori, { epochs: 200, learningRate: 0.02, seed: 1 });
save('4-linked-tori-layers', representationStrip(representations(torus, tori, { linesPerAxis: 4, pointsPerLine: 30 }), { title: 'linked tori, layer by layer (3-D)', panelWidth: 260, panelHeight: 260 }));

// 5. The layer as a continuous deformation: one frame from the middle of the animation.
const seq = networkAnimationFrames(animateNetwork(lift, disk, { framesPerPhase: 8, linesPerAxis: 9, pointsPerLine: 30 }), { title: 'the network as a deformation of space', classes: 2 });
save('5-animation-frame', framePicture(seq, Math.floor(seq.frames.length * 0.3), { width: 360, height: 360 }));

// 6. The training film: the hidden representation at three log-spaced steps.
const fresh = Model.create(engine, { inputs: 2, layers: dense([2, 2], 2), seed: 3 });
const film = recordTrainingFilm(fresh, disk, { epochs: 200, learningRate: 0.02, seed: 3 }, { layer: 2, maxFrames: 40, linesPerAxis: 11, pointsPerLine: 30 });
const frames = trainingFilmFrames(film).frames;
const picks = [0, Math.floor(frames.length / 3), Math.floor((2 * frames.length) / 3), frames.length - 1];
save('6-training-film', stripPicture(picks.map((k) => ({
  title: `step ${film.frames[k]!.step}`,
  points: { dim: 2, coords: frames[k]!.points, labels: film.labels, classes: 2 },
  grid: frames[k]!.polylines,
  hyperplane: frames[k]!.hyperplane,
})), { title: 'training film: the last hidden layer at log-spaced steps', panelWidth: 260, panelHeight: 260 }));
