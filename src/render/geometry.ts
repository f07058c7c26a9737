/**
 * Plane geometry for the pictures: view boxes, tick values, clipping a line
 * to a box, the plane of a 3-D hyperplane inside a box, and level-set contours
 * of a sampled field (marching squares).
 */
import type { Hyperplane, ViewBox } from './types.js';

/** The smallest box holding every finite (x, y) pair of the arrays (stride 2), or null. */
export function boundsOf(arrays: readonly Float32Array[]): ViewBox | null {
  let xmin = Infinity, xmax = -Infinity, ymin = Infinity, ymax = -Infinity;
  for (const a of arrays) {
    for (let i = 0; i + 1 < a.length; i += 2) {
      const x = a[i]!, y = a[i + 1]!;
      if (!(Number.isFinite(x) && Number.isFinite(y))) continue;
      if (x < xmin) xmin = x;
      if (x > xmax) xmax = x;
      if (y < ymin) ymin = y;
      if (y > ymax) ymax = y;
    }
  }
  return xmin <= xmax ? { xmin, xmax, ymin, ymax } : null;
}

/** The union of two boxes. */
export function unionBox(a: ViewBox, b: ViewBox): ViewBox {
  return { xmin: Math.min(a.xmin, b.xmin), xmax: Math.max(a.xmax, b.xmax), ymin: Math.min(a.ymin, b.ymin), ymax: Math.max(a.ymax, b.ymax) };
}

/**
 * `box` widened by `margin` × its size on each side; a degenerate side gets a
 * width from the other side (or 1), so every result has positive extent.
 */
export function padBox(box: ViewBox, margin: number): ViewBox {
  let w = box.xmax - box.xmin, h = box.ymax - box.ymin;
  const fallback = Math.max(w, h, Math.abs(box.xmin), Math.abs(box.ymin), 1e-6);
  let { xmin, xmax, ymin, ymax } = box;
  if (!(w > 0)) { xmin -= fallback / 2; xmax += fallback / 2; w = fallback; }
  if (!(h > 0)) { ymin -= fallback / 2; ymax += fallback / 2; h = fallback; }
  return { xmin: xmin - margin * w, xmax: xmax + margin * w, ymin: ymin - margin * h, ymax: ymax + margin * h };
}

/** `box` grown along one axis so that its width : height equals `aspect` (pixels are square). */
export function fitAspect(box: ViewBox, aspect: number): ViewBox {
  const w = box.xmax - box.xmin, h = box.ymax - box.ymin;
  if (w / h > aspect) {
    const nh = w / aspect, cy = (box.ymin + box.ymax) / 2;
    return { ...box, ymin: cy - nh / 2, ymax: cy + nh / 2 };
  }
  const nw = h * aspect, cx = (box.xmin + box.xmax) / 2;
  return { ...box, xmin: cx - nw / 2, xmax: cx + nw / 2 };
}

/** Round tick values (steps of 1, 2 or 5 × 10^k) inside [lo, hi], about `target` of them. */
export function niceTicks(lo: number, hi: number, target = 5): number[] {
  if (!(hi > lo) || !Number.isFinite(lo) || !Number.isFinite(hi)) return [];
  const raw = (hi - lo) / Math.max(1, target);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw * 0.999) ?? 10 * mag;
  const out: number[] = [];
  const eps = step * 1e-9;
  for (let v = Math.ceil((lo - eps) / step) * step; v <= hi + eps; v += step) out.push(Math.abs(v) < eps ? 0 : v);
  return out;
}

/** A tick label: as few decimals as the tick spacing needs. */
export function formatTick(v: number, step: number): string {
  if (v === 0) return '0';
  const decimals = Math.max(0, Math.min(6, -Math.floor(Math.log10(step) + 1e-9)));
  if (Math.abs(v) >= 1e5 || Math.abs(v) < 1e-4) return v.toExponential(1);
  return v.toFixed(decimals);
}

/**
 * The part of the line w·x + b = 0 inside the box, as [x0, y0, x1, y1], or
 * null when the line misses the box (or w is zero).
 */
export function clipLine(h: Hyperplane, box: ViewBox): [number, number, number, number] | null {
  const a = h.w[0] ?? 0, c = h.w[1] ?? 0, b = h.b;
  const n = Math.hypot(a, c);
  if (!(n > 0)) return null;
  // Point on the line closest to the box centre, direction along the line, then Liang–Barsky.
  const cx = (box.xmin + box.xmax) / 2, cy = (box.ymin + box.ymax) / 2;
  const s = (a * cx + c * cy + b) / (n * n);
  const px = cx - s * a, py = cy - s * c, dx = -c / n, dy = a / n;
  let t0 = -Infinity, t1 = Infinity;
  const clip = (p: number, q: number) => {
    if (p === 0) return q >= 0;
    const r = q / p;
    if (p < 0) t0 = Math.max(t0, r); else t1 = Math.min(t1, r);
    return true;
  };
  if (!clip(-dx, px - box.xmin) || !clip(dx, box.xmax - px) || !clip(-dy, py - box.ymin) || !clip(dy, box.ymax - py)) return null;
  if (!(t0 < t1) || !Number.isFinite(t0) || !Number.isFinite(t1)) return null;
  return [px + t0 * dx, py + t0 * dy, px + t1 * dx, py + t1 * dy];
}

/** An axis-aligned 3-D box. */
export interface Box3 {
  min: [number, number, number];
  max: [number, number, number];
}

/**
 * The polygon where the plane w·x + b = 0 cuts a 3-D box: its corners in
 * order around the polygon (x, y, z triples), or an empty array.
 */
export function planeInBox(h: Hyperplane, box: Box3): Float32Array {
  const w = [h.w[0] ?? 0, h.w[1] ?? 0, h.w[2] ?? 0];
  const f = (p: number[]) => w[0]! * p[0]! + w[1]! * p[1]! + w[2]! * p[2]! + h.b;
  const corners: number[][] = [];
  for (let i = 0; i < 8; i++) corners.push([0, 1, 2].map((d) => ((i >> d) & 1 ? box.max[d]! : box.min[d]!)));
  const pts: number[][] = [];
  for (let i = 0; i < 8; i++) {
    for (let d = 0; d < 3; d++) {
      const j = i | (1 << d);
      if (j === i) continue;
      const a = corners[i]!, b = corners[j]!, fa = f(a), fb = f(b);
      if ((fa <= 0 && fb > 0) || (fa > 0 && fb <= 0)) {
        const t = fa / (fa - fb);
        pts.push(a.map((v, k) => v + t * (b[k]! - v)));
      }
    }
  }
  if (pts.length < 3) return new Float32Array(0);
  // Order around the centroid within the plane.
  const c = [0, 1, 2].map((k) => pts.reduce((s, p) => s + p[k]!, 0) / pts.length);
  const n = Math.hypot(w[0]!, w[1]!, w[2]!);
  const nn = w.map((v) => v / n);
  const ref = Math.abs(nn[0]!) < 0.9 ? [1, 0, 0] : [0, 1, 0];
  const u = normalise(cross(nn, ref)), v = cross(nn, u);
  const ang = (p: number[]) => {
    const d = p.map((x, k) => x - c[k]!);
    return Math.atan2(dot(d, v), dot(d, u));
  };
  pts.sort((p, q) => ang(p) - ang(q));
  return Float32Array.from(pts.flat());
}

const dot = (a: number[], b: number[]) => a[0]! * b[0]! + a[1]! * b[1]! + a[2]! * b[2]!;
const cross = (a: number[], b: number[]) => [a[1]! * b[2]! - a[2]! * b[1]!, a[2]! * b[0]! - a[0]! * b[2]!, a[0]! * b[1]! - a[1]! * b[0]!];
const normalise = (a: number[]) => { const n = Math.hypot(a[0]!, a[1]!, a[2]!); return a.map((x) => x / n); };

/**
 * Where the field crosses zero: marching squares over nx × ny samples
 * (row-major, `field[r·nx + c]`), chained into polylines of (column, row)
 * coordinates in sample units.
 */
export function zeroContours(field: ArrayLike<number>, nx: number, ny: number): Float32Array[] {
  // Crossing points are keyed by edge: horizontal edge (r, c)–(r, c+1) → 2·(r·nx + c),
  // vertical edge (r, c)–(r+1, c) → 2·(r·nx + c) + 1.
  const pos = new Map<number, [number, number]>();
  const at = (r: number, c: number) => field[r * nx + c]!;
  const cross = (key: number, r: number, c: number, horizontal: boolean): number => {
    if (!pos.has(key)) {
      const a = at(r, c), b = horizontal ? at(r, c + 1) : at(r + 1, c);
      const t = a === b ? 0.5 : Math.max(0, Math.min(1, a / (a - b)));
      pos.set(key, horizontal ? [c + t, r] : [c, r + t]);
    }
    return key;
  };
  const links = new Map<number, number[]>();
  const link = (a: number, b: number) => {
    (links.get(a) ?? links.set(a, []).get(a)!).push(b);
    (links.get(b) ?? links.set(b, []).get(b)!).push(a);
  };
  for (let r = 0; r + 1 < ny; r++) {
    for (let c = 0; c + 1 < nx; c++) {
      const v00 = at(r, c), v01 = at(r, c + 1), v10 = at(r + 1, c), v11 = at(r + 1, c + 1);
      const s = (v00 > 0 ? 1 : 0) | (v01 > 0 ? 2 : 0) | (v11 > 0 ? 4 : 0) | (v10 > 0 ? 8 : 0);
      if (s === 0 || s === 15) continue;
      const top = () => cross(2 * (r * nx + c), r, c, true);
      const bottom = () => cross(2 * ((r + 1) * nx + c), r + 1, c, true);
      const left = () => cross(2 * (r * nx + c) + 1, r, c, false);
      const right = () => cross(2 * (r * nx + c + 1) + 1, r, c + 1, false);
      const centre = (v00 + v01 + v10 + v11) / 4 > 0;
      switch (s) {
        case 1: case 14: link(left(), top()); break;
        case 2: case 13: link(top(), right()); break;
        case 3: case 12: link(left(), right()); break;
        case 4: case 11: link(right(), bottom()); break;
        case 6: case 9: link(top(), bottom()); break;
        case 7: case 8: link(left(), bottom()); break;
        case 5: // 00 and 11 positive: saddle, decided by the centre value
          if (centre) { link(left(), bottom()); link(top(), right()); } else { link(left(), top()); link(right(), bottom()); }
          break;
        case 10:
          if (centre) { link(left(), top()); link(right(), bottom()); } else { link(left(), bottom()); link(top(), right()); }
          break;
      }
    }
  }
  // Chain: start from open ends first, then the remaining closed loops.
  const used = new Set<string>();
  const edgeKey = (a: number, b: number) => (a < b ? `${a},${b}` : `${b},${a}`);
  const out: Float32Array[] = [];
  const walk = (start: number) => {
    const chain = [start];
    let cur = start;
    for (;;) {
      const next = (links.get(cur) ?? []).find((n) => !used.has(edgeKey(cur, n)));
      if (next === undefined) break;
      used.add(edgeKey(cur, next));
      chain.push(next);
      cur = next;
    }
    if (chain.length >= 2) out.push(Float32Array.from(chain.flatMap((k) => pos.get(k)!)));
  };
  for (const [k, v] of links) if (v.length === 1 && v.some((n) => !used.has(edgeKey(k, n)))) walk(k);
  for (const [k, v] of links) if (v.some((n) => !used.has(edgeKey(k, n)))) walk(k);
  return out;
}
