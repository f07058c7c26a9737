/**
 * E6 — the essay proposes layers that deform space directly: x ↦ x + F(x) with
 * F a smooth vector field built from Gaussian bumps at anchors. A linear
 * classifier alone cannot separate a disk inside an annulus or two spirals;
 * with one or two vector-field layers in front of it, it can.
 */
import { diskAnnulus } from '../data/disk-annulus.js';
import { spirals } from '../data/spirals.js';
import type { LayerSpec } from '../model/model.js';
import { runDense } from './dense-run.js';
import { pct } from './e1-disk-annulus.js';
import type { Experiment } from './types.js';

const ARCHS: Record<string, { label: string; prefix: LayerSpec[] }> = {
  linear: { label: 'linear softmax only', prefix: [] },
  vf1: { label: 'vector field (16 anchors) → linear', prefix: [{ type: 'vectorfield', anchors: 16, learnAnchors: true, learnScales: true }] },
  vf2: {
    label: '2 vector fields (16 anchors each) → linear',
    prefix: [{ type: 'vectorfield', anchors: 16, learnAnchors: true, learnScales: true }, { type: 'vectorfield', anchors: 16, learnAnchors: true, learnScales: true }],
  },
};
const DATA = ['disk-annulus', 'spirals'];

export const e6: Experiment = {
  id: 'e6',
  title: 'E6 · vector-field layers in front of a linear classifier',
  dataset: 'disk-annulus',
  settings: () => DATA.flatMap((data) => Object.entries(ARCHS).map(([arch, a]) => ({ id: `${data}-${arch}`, label: `${data}: ${a.label}`, params: { data, arch } }))),
  data: (setting, seed, options) => {
    const n = options.quick ? 400 : 800;
    return setting.params.data === 'spirals' ? spirals({ n, turns: 1, seed }) : diskAnnulus({ n, seed });
  },
  featured: ['disk-annulus-linear', 'disk-annulus-vf1', 'spirals-vf1'],
  run(engine, setting, seed, options) {
    const n = options.quick ? 400 : 800;
    const make = (s: number) => (setting.params.data === 'spirals' ? spirals({ n, turns: 1, seed: s }) : diskAnnulus({ n, seed: s }));
    return runDense(engine, {
      experiment: 'e6', setting: setting.id, seed,
      train: make(seed), test: make(seed + 1000),
      prefix: ARCHS[setting.params.arch as string]!.prefix,
      hidden: [],
      epochs: options.quick ? 150 : 400,
    });
  },
  judge(summaries) {
    const get = (id: string) => summaries.find((s) => s.setting.id === id)!;
    const parts = DATA.map((d) => ({ d, linear: get(`${d}-linear`), vf: Math.max(get(`${d}-vf1`).median, get(`${d}-vf2`).median) }));
    const helps = parts.filter((p) => p.vf >= 0.99 && p.linear.median < 0.9).length;
    return {
      text: 'A layer that deforms space with a learnt vector field (x ↦ x + F(x)) lets a linear classifier separate classes it could not separate alone.',
      verdict: helps === parts.length ? 'holds' : helps > 0 ? 'partly' : 'does not hold',
      measured: parts.map((p) => `${p.d}: linear alone ${pct(p.linear.median)}, with vector fields ${pct(p.vf)} (medians)`).join('; ') + '.',
    };
  },
};
