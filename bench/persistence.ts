/**
 * Time of one class's barcode (cloudBarcode: landmarks → distances → Rips persistence →
 * rule) on circle, annulus, torus surface and solid torus samples of 250, 500 and 1000 points, for both
 * metrics, one thread. This is the work the topology report does per class per layer.
 *
 *   node --import tsx bench/persistence.ts          (writes bench/results/persistence.{json,md})
 *
 * The machine may be shared: figures are medians of a few calls and only indicative.
 */
import { cloudBarcode, type BarcodeMetric } from '../src/topology/index.js';
import { linkedTori } from '../src/data/index.js';
import { annulus, circle, rowsOf, torusSurface } from '../test/topology/shapes.js';
import { cpus, loadavg } from 'node:os';
import { measure, writeResults, type Row } from './timing.js';

const shapes: [string, (n: number) => Float32Array, number, 1 | 2][] = [
  ['noisy circle (σ = 0.02)', (n) => circle(n, 1, { noise: 0.02 }), 2, 1],
  ['annulus 2/3 < r < 1', (n) => annulus(n, 1), 2, 1],
  ['torus surface, β0–β2', (n) => torusSurface(n, 2), 3, 2],
  ['solid torus (E4 class 0), β0–β2', (n) => { const ds = linkedTori({ n: 2 * n, seed: 1 }); return rowsOf(ds.x, 3, ds.y, 0); }, 3, 2],
];
const rows: Row[] = [];
for (const [name, make, dim, maxDim] of shapes) {
  for (const n of [250, 500, 1000]) {
    const pts = make(n);
    for (const metric of ['knn-geodesic', 'euclidean'] as BarcodeMetric[]) {
      let last = cloudBarcode(pts, dim, { metric, maxDim });
      const m = measure(() => { last = cloudBarcode(pts, dim, { metric, maxDim }); }, { warmup: 1, minTime: 0.5, minSamples: 3 });
      rows.push({
        shape: name, n, metric, landmarks: last.landmarks?.count ?? n,
        medianMs: m.medianMs, minMs: m.minMs, betti: `(${last.betti.join(', ')})`,
      });
      console.log(`${name}, n = ${n}, ${metric}: ${m.medianMs.toFixed(0)} ms (β = ${last.betti.join(', ')})`);
    }
  }
}
console.log(writeResults('persistence', rows, ['shape', 'n', 'metric', 'landmarks', { key: 'medianMs', title: 'median ms', digits: 0 }, { key: 'minMs', title: 'min ms', digits: 0 }, 'betti'], [
  'One class\'s barcode per call: maxmin landmarks above 300 points, distances, Rips persistence up to the rule\'s threshold (β2: a second filtration to 2.5 × cut, read by the void rule), Betti numbers by the rule.',
  `Single thread, Node; the machine was shared with other work (load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores when written), so the figures are indicative.`,
]));
