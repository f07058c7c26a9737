/**
 * Synthetic inputs for the render tests and the sample pictures: two spirals,
 * a coordinate grid pushed through a tanh layer, disk/annulus and 1-D interval
 * probabilities, and a layer animation in the essay's three phases.
 */
import type { Frame, FrameSequence, PointSet, ProbabilityCurve, ProbabilityGrid, Representation } from '../../src/render/index.js';

/** Deterministic uniform numbers in [0, 1) (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function twoSpirals(perClass = 120, turns = 1.25, noise = 0.02, seed = 1): PointSet {
  const r = rng(seed);
  const n = 2 * perClass;
  const coords = new Float32Array(2 * n), labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const k = i % 2, s = 0.1 + 0.9 * (Math.floor(i / 2) / perClass);
    const a = s * turns * 2 * Math.PI + k * Math.PI;
    coords[2 * i] = s * Math.cos(a) + noise * (r() - 0.5);
    coords[2 * i + 1] = s * Math.sin(a) + noise * (r() - 0.5);
    labels[i] = k;
  }
  return { dim: 2, coords, labels, classes: 2 };
}

/** Grid lines over [lo, hi]², `lines` per axis, `per` points each. */
export function gridLines2d(lo = -1.1, hi = 1.1, lines = 15, per = 60): Float32Array[] {
  const out: Float32Array[] = [];
  for (let a = 0; a < 2; a++) {
    for (let k = 0; k < lines; k++) {
      const fixed = lo + ((hi - lo) * k) / (lines - 1);
      const line = new Float32Array(2 * per);
      for (let j = 0; j < per; j++) {
        const v = lo + ((hi - lo) * j) / (per - 1);
        line[2 * j + a] = v;
        line[2 * j + 1 - a] = fixed;
      }
      out.push(line);
    }
  }
  return out;
}

export const W2 = [[1.6, -1.1], [0.9, 1.4]];
export const B2 = [0.3, -0.2];
export const W3 = [[1.5, -0.7], [0.8, 1.3], [-1.2, 1.0]];
export const B3 = [0.2, -0.1, 0.3];

/** x ↦ tanh(W·x + b) over n × in points. */
export function tanhLayer(x: Float32Array, inDim: number, W: number[][], b: number[]): Float32Array {
  const n = x.length / inDim, out = W.length;
  const y = new Float32Array(n * out);
  for (let i = 0; i < n; i++) {
    for (let o = 0; o < out; o++) {
      let z = b[o]!;
      for (let d = 0; d < inDim; d++) z += W[o]![d]! * x[i * inDim + d]!;
      y[i * out + o] = Math.tanh(z);
    }
  }
  return y;
}

export function spiralRepresentations(): Representation[] {
  const pts = twoSpirals();
  const grid = gridLines2d();
  const h1 = tanhLayer(pts.coords, 2, W2, B2);
  const g1 = grid.map((l) => tanhLayer(l, 2, W2, B2));
  const h2 = tanhLayer(h1, 2, W3, B3);
  const g2 = grid.map((l) => tanhLayer(tanhLayer(l, 2, W2, B2), 2, W3, B3));
  return [
    { points: pts, grid, title: 'input' },
    { points: { ...pts, coords: h1 }, grid: g1, hyperplane: { w: [1, -0.6], b: 0.1 }, title: 'layer 1 (tanh)' },
    { points: { ...pts, coords: h2, dim: 3 }, grid: g2, hyperplane: { w: [0.3, -1, 0.5], b: 0 }, title: 'layer 2 (tanh, 3-D)' },
  ];
}

/** Disk (class 0) inside an annulus (class 1): points and a smooth probability grid. */
export function diskAnnulus(n = 300, res = 120, seed = 2): { points: PointSet; grid: ProbabilityGrid } {
  const r = rng(seed);
  const coords = new Float32Array(2 * n), labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const k = i % 2;
    const rad = k === 0 ? 0.33 * Math.sqrt(r()) : 0.55 + 0.3 * r();
    const a = 2 * Math.PI * r();
    coords[2 * i] = rad * Math.cos(a); coords[2 * i + 1] = rad * Math.sin(a); labels[i] = k;
  }
  const box = { xmin: -1, xmax: 1, ymin: -1, ymax: 1 };
  const probs = new Float32Array(res * res * 2);
  for (let row = 0; row < res; row++) {
    for (let c = 0; c < res; c++) {
      const x = box.xmin + ((box.xmax - box.xmin) * c) / (res - 1), y = box.ymax - ((box.ymax - box.ymin) * row) / (res - 1);
      const p1 = 1 / (1 + Math.exp(-14 * (Math.hypot(x * 1.05, y) - 0.44)));
      probs[(row * res + c) * 2] = 1 - p1; probs[(row * res + c) * 2 + 1] = p1;
    }
  }
  return { points: { dim: 2, coords, labels, classes: 2 }, grid: { nx: res, ny: res, classes: 2, box, probs } };
}

/** Three classes by angle sector, to exercise the qualitative palette and multi-class boundaries. */
export function threeSectors(res = 80): ProbabilityGrid {
  const box = { xmin: -1, xmax: 1, ymin: -1, ymax: 1 };
  const probs = new Float32Array(res * res * 3);
  for (let row = 0; row < res; row++) {
    for (let c = 0; c < res; c++) {
      const x = -1 + (2 * c) / (res - 1), y = 1 - (2 * row) / (res - 1);
      const z = [0, 1, 2].map((k) => 4 * (x * Math.cos((2 * Math.PI * k) / 3) + y * Math.sin((2 * Math.PI * k) / 3)));
      const m = Math.max(...z), e = z.map((v) => Math.exp(v - m)), s = e.reduce((a, b) => a + b, 0);
      e.forEach((v, k) => (probs[(row * res + c) * 3 + k] = v / s));
    }
  }
  return { nx: res, ny: res, classes: 3, box, probs };
}

/** 1-D: class 1 inside [−0.4, 0.4]. */
export function intervals1d(n = 80, seed = 3): { points: PointSet; curve: ProbabilityCurve } {
  const r = rng(seed);
  const coords = new Float32Array(n), labels = new Int32Array(n);
  for (let i = 0; i < n; i++) { const x = -1 + 2 * r(); coords[i] = x; labels[i] = Math.abs(x) < 0.4 ? 1 : 0; }
  const m = 200, xs = new Float32Array(m), probs = new Float32Array(2 * m);
  for (let i = 0; i < m; i++) {
    const x = -1 + (2 * i) / (m - 1);
    const p1 = 1 / (1 + Math.exp(-12 * (0.4 - Math.abs(x))));
    xs[i] = x; probs[2 * i] = 1 - p1; probs[2 * i + 1] = p1;
  }
  return { points: { dim: 1, coords, labels, classes: 2 }, curve: { xs, classes: 2, probs } };
}

/**
 * The essay's continuous view of x ↦ tanh(W·x + b) on the spirals:
 * linear p(t) = (1 − t)I + tW, then + t·b, then mix in tanh; F frames a phase.
 */
export function layerAnimation(F = 10): FrameSequence {
  const pts = twoSpirals(80);
  const grid = gridLines2d(-1.1, 1.1, 11, 40);
  const frames: Frame[] = [];
  const apply = (x: Float32Array, phase: number, t: number) => {
    const out = new Float32Array(x.length);
    for (let i = 0; i < x.length; i += 2) {
      const a = x[i]!, b = x[i + 1]!;
      const lt = phase === 0 ? t : 1;
      const m = [[1 - lt + lt * W2[0]![0]!, lt * W2[0]![1]!], [lt * W2[1]![0]!, 1 - lt + lt * W2[1]![1]!]];
      const bt = phase === 0 ? 0 : phase === 1 ? t : 1;
      let z0 = m[0]![0]! * a + m[0]![1]! * b + bt * B2[0]!, z1 = m[1]![0]! * a + m[1]![1]! * b + bt * B2[1]!;
      if (phase === 2) { z0 = (1 - t) * z0 + t * Math.tanh(z0); z1 = (1 - t) * z1 + t * Math.tanh(z1); }
      out[i] = z0; out[i + 1] = z1;
    }
    return out;
  };
  const names = ['linear', 'translation', 'activation'];
  for (let ph = 0; ph < 3; ph++) {
    for (let f = ph === 0 ? 0 : 1; f <= F; f++) {
      const t = f / F;
      frames.push({ points: apply(pts.coords, ph, t), polylines: grid.map((l) => apply(l, ph, t)), phase: names[ph], t });
    }
  }
  return { dim: 2, labels: pts.labels, classes: 2, frames, title: 'tanh layer, continuously' };
}

/** A fake training film: the representation turns and stretches, the line settles. */
export function trainingFilm(F = 12): FrameSequence {
  const pts = twoSpirals(60, 0.6);
  const grid = gridLines2d(-1.1, 1.1, 9, 30);
  const frames: Frame[] = [];
  for (let f = 0; f < F; f++) {
    const s = f / (F - 1);
    const W = [[1 + 1.5 * s, -0.8 * s], [0.5 * s, 1 + s]];
    const map = (x: Float32Array) => tanhLayer(x, 2, W, [0, 0]);
    const ang = 0.3 + 1.1 * s;
    frames.push({
      points: map(pts.coords), polylines: grid.map(map),
      hyperplane: { w: [Math.cos(ang), Math.sin(ang)], b: 0.05 * (1 - s) },
      caption: `epoch ${f * 10}  loss ${(0.69 * (1 - 0.8 * s)).toFixed(2)}`,
    });
  }
  return { dim: 2, labels: pts.labels, classes: 2, frames, title: 'training film' };
}

/** 3-D frames turning about the z axis, so the depth order changes from frame to frame. */
export function spin3d(): FrameSequence {
  const rep = spiralRepresentations()[2]!;
  const frames = Array.from({ length: 7 }, (_, f) => {
    const c = Math.cos(0.3 * f), s = Math.sin(0.3 * f), p = rep.points.coords, points = new Float32Array(p.length);
    for (let i = 0; i < p.length; i += 3) { points[i] = c * p[i]! - s * p[i + 1]!; points[i + 1] = s * p[i]! + c * p[i + 1]!; points[i + 2] = p[i + 2]!; }
    return { points, polylines: rep.grid, caption: `turn ${f}` };
  });
  return { dim: 3, labels: rep.points.labels, classes: 2, frames };
}
