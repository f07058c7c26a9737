/**
 * Training curves: a metric (loss or accuracy) per epoch for the training
 * data and the test data, drawn with the render module's axes so it looks
 * like the other pictures and exports to SVG the same way.
 */
import { CLASS_PALETTE, hex, INK } from '../render/color.js';
import type { Picture } from '../render/pictures.js';
import { drawAxes, layoutPlot, mapper } from '../render/plot.js';
import type { RunReport } from './training-client.js';

export type CurveMetric = 'loss' | 'accuracy';

const TRAIN = hex(CLASS_PALETTE[0]!), TEST = hex(CLASS_PALETTE[1]!);

/** The values of a metric over the history (NaN where an epoch has none). */
function series(history: readonly RunReport[], metric: CurveMetric, test: boolean): number[] {
  return history.map((r) => (metric === 'loss' ? (test ? r.testLoss : r.loss) : (test ? r.testAccuracy : r.accuracy)) ?? NaN);
}

/** At most `max` reports, evenly thinned, the last one kept (a long run need not draw every epoch). */
function thinned(history: readonly RunReport[], max: number): readonly RunReport[] {
  if (history.length <= max) return history;
  const every = history.length / max;
  const out = Array.from({ length: max - 1 }, (_, k) => history[Math.floor(k * every)]!);
  out.push(history.at(-1)!);
  return out;
}

/** Loss or accuracy per epoch, train (blue) and test (orange, dashed). */
export function curvesPicture(all: readonly RunReport[], metric: CurveMetric, width: number, height: number): Picture {
  const history = thinned(all, 2 * width);
  const train = series(history, metric, false), test = series(history, metric, true);
  const finite = [...train, ...test].filter(Number.isFinite);
  const first = history[0]?.epoch ?? 0, last = history.at(-1)?.epoch ?? 1;
  const hi = metric === 'accuracy' ? 1 : Math.max(1e-3, ...finite) * 1.05;
  const lo = metric === 'accuracy' ? Math.min(0.5, ...finite) : 0;
  const view = { xmin: Math.min(first, last - 1), xmax: Math.max(last, first + 1), ymin: lo, ymax: hi };
  const labels = { title: metric, xLabel: 'epoch' };
  return {
    width, height,
    draw(s) {
      const l = layoutPlot({ width, height, view, ...labels, font: 1, aspect: 'stretch' });
      const { px, py } = mapper(l);
      const line = (values: number[]) => {
        const xy: number[] = [];
        values.forEach((v, i) => { if (Number.isFinite(v)) xy.push(px(history[i]!.epoch), py(v)); });
        return Float32Array.from(xy);
      };
      s.setClip(l.plot);
      if (train.some(Number.isFinite)) s.polylines([line(train)], 1.8, TRAIN, 'train');
      if (test.some(Number.isFinite)) s.polylines([line(test)], 1.8, TEST, 'test', 4);
      s.setClip(null);
      drawAxes(s, l, labels);
      const at = (v: number[]) => [...v].reverse().find(Number.isFinite);
      const fmt = (v: number | undefined) => (v === undefined ? '–' : metric === 'accuracy' ? `${(100 * v).toFixed(1)}%` : v.toFixed(3));
      s.text(`train ${fmt(at(train))}`, l.plot.x + l.plot.w - 4, l.plot.y + 4, { size: 1.4, color: TRAIN, anchor: 'end', baseline: 'top' }, 'legend');
      if (test.some(Number.isFinite)) s.text(`test ${fmt(at(test))}`, l.plot.x + l.plot.w - 4, l.plot.y + 18, { size: 1.4, color: TEST, anchor: 'end', baseline: 'top' }, 'legend');
      if (history.length === 0) s.text('no epochs yet', l.plot.x + l.plot.w / 2, l.plot.y + l.plot.h / 2, { size: 1.4, color: INK, anchor: 'middle', baseline: 'middle' });
    },
  };
}
