/**
 * Renders the sample pictures to a folder (default /tmp/render-samples):
 *   npx tsx test/render/render-samples.ts [dir]
 */
import { join } from 'node:path';
import {
  animationHtml, animationPngFrames, decisionCurvePicture, decisionRegionsPicture, representationPicture, stripPicture,
  toPng, toSvg, writeImage, type Picture,
} from '../../src/render/index.js';
import { diskAnnulus, intervals1d, layerAnimation, spiralRepresentations, threeSectors, trainingFilm, twoSpirals } from './synthetic.js';

const dir = process.argv[2] ?? '/tmp/render-samples';

async function both(name: string, pic: Picture): Promise<void> {
  await writeImage(join(dir, `${name}.png`), toPng(pic));
  await writeImage(join(dir, `${name}.svg`), toSvg(pic));
}

const reps = spiralRepresentations();
const disk = diskAnnulus();
await both('regions-disk', decisionRegionsPicture({ grid: disk.grid, points: disk.points, title: 'disk and annulus: decision regions' }));
await both('regions-three', decisionRegionsPicture({ grid: threeSectors(), title: 'three classes' }, { width: 400, height: 400 }));
const iv = intervals1d();
await both('curve-1d', decisionCurvePicture({ curve: iv.curve, points: iv.points, title: '1-D: class 1 inside [-0.4, 0.4]', hyperplane: { w: [1], b: -0.4 } }));
await both('rep-input', representationPicture({ ...reps[0]!, points: twoSpirals(), title: 'two spirals with a grid' }));
await both('rep-layer1', representationPicture(reps[1]!, { width: 600, height: 600 }));
await both('rep-3d-orbit', representationPicture(reps[2]!, { projection: { kind: 'orbit', yaw: -0.6, pitch: 0.45 } }));
await both('rep-3d-pca', representationPicture(reps[2]!, { projection: { kind: 'pca' } }));
await both('rep-1d', representationPicture({ points: iv.points, title: '1-D representation', grid: [iv.curve.xs.map((x) => x * x * x)], hyperplane: { w: [1], b: 0.2 } }, { height: 300 }));
await both('strip', stripPicture(reps, { title: 'two spirals, layer by layer' }));
const anim = layerAnimation();
const frames = animationPngFrames(anim);
await Promise.all(frames.map((png, i) => writeImage(join(dir, 'anim', `frame-${String(i).padStart(3, '0')}.png`), png)));
await writeImage(join(dir, 'anim.html'), animationHtml(anim, { fit: 'phase' }));
const film = trainingFilm();
const filmFrames = animationPngFrames(film, { width: 480, height: 480 });
await Promise.all(filmFrames.map((png, i) => writeImage(join(dir, 'film', `frame-${String(i).padStart(3, '0')}.png`), png)));
await writeImage(join(dir, 'film.html'), animationHtml(film, { width: 480, height: 480 }));
console.log(`wrote samples to ${dir}`);
