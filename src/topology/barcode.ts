/**
 * The barcode of one point cloud and the Betti numbers read off it by a stated rule.
 *
 * Pipeline: (1) above `landmarks` points (300), keep a maxmin (farthest point) sample — every
 * point lies within the cover radius r of a landmark, so the landmark filtration is
 * 2r-interleaved with the full one and bars longer than 2r survive; (2) a distance matrix
 * (distances.ts): the k-NN graph geodesic of Naitzat, Zhitnikov & Lim (hops, the graph built
 * on every point) or Euclidean; (3) the Rips barcode up to τ = thresholdFactor · D
 * (persistence.ts), D the largest finite distance.
 *
 * The rule: a bar counts when its length (death capped at τ, minus birth) exceeds the cut
 * max(fraction · D, 2 · s, 2 · r), fraction = 0.1 by default, s the median nearest-neighbour
 * distance of the cloud the barcode is computed on, r the landmarks' cover radius in the
 * same metric (0 without landmarks): bars up to 2r may be artefacts of the subsample. Why relative to D: every layer rescales
 * its representation, and a rule in absolute units would count differently on the same
 * shape; the noise bars of a sample die within a few spacings, while the features the
 * essay is about (the annulus's hole, a torus's loop) live over a good part of the
 * diameter. A class still alive at τ has length τ − birth, so τ = 3 · cut lets any class
 * born before 2 · cut count. Voids (β2) have their own filtration (to 2.5 · cut, for speed)
 * and their own, scale-free rule: see {@link DEFAULT_BARCODE}. Bars near the rule's line
 * are reported as `nearCut`: the count is fragile there.
 */
import { OptionError } from '../errors.js';
import { maxminLandmarks } from './betti.js';
import { checkCloud, enclosingRadius, euclideanDistances, finiteDiameter, knnGeodesicDistances, medianNearestNeighbour, type DistanceMatrix } from './distances.js';
import { persistence, type Bar } from './persistence.js';

/** The metric of the filtration. */
export type BarcodeMetric = 'knn-geodesic' | 'euclidean';

/** Options of a cloud's barcode: metric, k, landmarks and the Betti rule's parameters. */
export interface BarcodeOptions {
  /** Default 'knn-geodesic' (hop counts in the symmetrised k-NN graph). */
  metric?: BarcodeMetric;
  /** k of the k-NN graph. Default 16. */
  k?: number;
  /** 1: β0, β1; 2: also β2. Default 1. */
  maxDim?: 1 | 2;
  /** Maxmin landmarks above this many points. Default 300. Infinity keeps all. */
  landmarks?: number;
  /** A bar counts when longer than max(fraction · D, 2 · spacing). Default 0.1. */
  fraction?: number;
  /** The filtration of β0, β1 stops at τ = thresholdFactor · cut. Default 3 (β2: 2.5, at most τ). */
  thresholdFactor?: number;
  /**
   * Stop the filtration of β0, β1 earlier if it would hold more than this many edges per
   * point (default 150; β2's filtration: 30): on a coarse hop metric a few hops join almost every
   * pair, and the complex (not the answer) blows up. The result says `truncated`.
   */
  edgesPerPoint?: number;
}

/** A point cloud's barcode with the Betti numbers the stated rule reads from it, the rule's scale and the landmarks used. */
export interface CloudBarcode {
  /** bars[p]: the bars of dimension p with death > birth (death ∞ = alive at τ). */
  bars: Bar[][];
  /** β0, β1: number of bars longer than `cut`; β2: voids by the void rule (see DEFAULT_BARCODE.voids). */
  betti: number[];
  metric: string;
  /** Largest finite distance D of the (landmark) cloud. */
  diameter: number;
  /** The rule's scale: bars longer than this count (max(fraction · D, 2 · spacing)). */
  cut: number;
  /** Where the filtration of β0 and β1 stopped. */
  threshold: number;
  /** Where the filtration stopped, per dimension (β2 has its own, shorter one). */
  thresholds: number[];
  /** The rule in words, with its numbers. */
  rule: string;
  /** Points the barcode was computed on. */
  points: number;
  /** Set when the cloud was reduced to maxmin landmarks; coverRadius in the metric's units. */
  landmarks: { count: number; of: number; coverRadius: number } | null;
  /** Set when an edge budget stopped a filtration below the rule's 3 × cut (2.5 × cut for β2). */
  truncated: boolean;
  /** Median nearest-neighbour distance in the metric (the sampling spacing). */
  spacing: number;
  /** Bars per dimension near the rule's line: β0, β1 within a factor 2 of the cut; β2 within 20 % of the void ratio. */
  nearCut: number[];
}

/**
 * Defaults. β2 has its own filtration on the same landmarks, stopped earlier (2.5 × cut, at
 * most 30 edges per point): the tetrahedra of a 3-D cloud grow with the cube of the scale,
 * and 3 × cut took seconds per cloud.
 */
export const DEFAULT_BARCODE = {
  k: 16,
  fraction: 0.1,
  thresholdFactor: 3,
  landmarks: 300,
  edgesPerPoint: 150,
  /**
   * β2 comes from a second filtration on the same landmarks, up to 2.5 × cut (at most 30
   * edges per point), and has its own rule: a void counts when it lives longer than one
   * sampling spacing and dies at least 1.25 times as late as it is born.
   */
  voids: { thresholdFactor: 2.5, edgesPerPoint: 30, minRatio: 1.25 },
} as const;

/** The largest distance value at which at most `edges` pairs are joined. */
function scaleWithin(m: DistanceMatrix, edges: number): number {
  const all: number[] = [];
  for (let i = 0; i < m.n; i++) for (let j = i + 1; j < m.n; j++) all.push(m.values[i * m.n + j]!);
  if (all.length <= edges) return Infinity;
  all.sort((a, b) => a - b);
  // The value of the (edges+1)-th pair is excluded with every pair tied to it.
  const next = all[Math.floor(edges)]!;
  let lo = Math.floor(edges);
  while (lo > 0 && all[lo - 1] === next) lo--;
  return lo === 0 ? 0 : all[lo - 1]!;
}

/** Length of a bar when the filtration stops at τ. */
export function barLength(bar: Bar, threshold: number): number {
  return Math.min(bar.death, threshold) - bar.birth;
}

/**
 * Barcode and rule-based Betti numbers of a point cloud (row-major n × dim).
 *
 *   const b = cloudBarcode(annulusPoints, 2);   // b.betti → [1, 1]; b.bars[1] the loops
 */
export function cloudBarcode(points: ArrayLike<number>, dim: number, options: BarcodeOptions = {}): CloudBarcode {
  const maxDim = options.maxDim ?? 1;
  if (maxDim !== 1 && maxDim !== 2) throw new OptionError(`cloudBarcode: maxDim must be 1 or 2, got ${String(maxDim)}`, 'maxDim');
  const metric = options.metric ?? 'knn-geodesic';
  if (metric !== 'knn-geodesic' && metric !== 'euclidean') throw new OptionError(`cloudBarcode: metric must be 'knn-geodesic' or 'euclidean', got ${String(metric)}`, 'metric');
  const fraction = options.fraction ?? DEFAULT_BARCODE.fraction;
  if (!(fraction > 0 && fraction < 1)) throw new OptionError(`cloudBarcode: fraction must be in (0, 1), got ${fraction}`, 'fraction');
  const factor = options.thresholdFactor ?? DEFAULT_BARCODE.thresholdFactor;
  if (!(factor >= 1)) throw new OptionError(`cloudBarcode: thresholdFactor must be ≥ 1, got ${factor}`, 'thresholdFactor');
  const cap = options.landmarks ?? DEFAULT_BARCODE.landmarks;
  if (!(cap >= 4)) throw new OptionError(`cloudBarcode: landmarks must be ≥ 4, got ${cap}`, 'landmarks');
  const k = options.k ?? DEFAULT_BARCODE.k;
  const n = checkCloud(points, dim, 'cloudBarcode');
  if (n === 0) throw new OptionError('cloudBarcode: the point cloud is empty', 'points');

  let indices: Int32Array | null = null, coverRadius = 0;
  if (n > cap) ({ indices, coverRadius } = maxminLandmarks(points, dim, Math.floor(cap)));
  let m: DistanceMatrix;
  if (metric === 'knn-geodesic') m = knnGeodesicDistances(points, dim, k, indices ?? undefined);
  else {
    let cloud: ArrayLike<number> = points;
    if (indices) {
      const sub = new Float64Array(indices.length * dim);
      for (let l = 0; l < indices.length; l++) for (let t = 0; t < dim; t++) sub[l * dim + t] = points[indices[l]! * dim + t]!;
      cloud = sub;
    }
    m = euclideanDistances(cloud, dim);
  }
  const diameter = finiteDiameter(m);
  const spacing = medianNearestNeighbour(m);
  // The landmarks' cover radius in this metric's units (hops for the geodesic one).
  const cover = indices ? (m.coverRadius ?? coverRadius) : 0;
  // Bars shorter than a couple of spacings are sampling noise; bars up to 2r may be made by
  // the landmark subsample (the two filtrations are 2r-interleaved).
  const cut = Math.max(fraction * diameter, 2 * spacing, 2 * cover);
  // Beyond the enclosing radius nothing of dimension ≥ 1 changes (the complex is a cone).
  const wanted = Math.min(factor * cut, enclosingRadius(m));
  const budget = (options.edgesPerPoint ?? DEFAULT_BARCODE.edgesPerPoint) * m.n;
  const threshold = Math.min(wanted, scaleWithin(m, budget));
  const { bars } = persistence(m, { maxDim: 1, threshold });
  const thresholds = [threshold, threshold];
  let truncated = threshold < wanted;
  if (maxDim === 2) {
    // Tetrahedra grow with the cube of the scale: β2 gets its own, shorter filtration, so
    // that its budget does not cut β0 and β1 short.
    const wanted2 = Math.min(DEFAULT_BARCODE.voids.thresholdFactor * cut, wanted);
    const threshold2 = Math.min(wanted2, scaleWithin(m, DEFAULT_BARCODE.voids.edgesPerPoint * m.n));
    bars.push(persistence(m, { maxDim: 2, threshold: threshold2 }).bars[2]!);
    thresholds.push(threshold2);
    truncated ||= threshold2 < wanted2;
  }
  const counts = (b: Bar, p: number) => (p < 2 ? barLength(b, thresholds[p]!) > cut : isVoid(b, thresholds[2]!, spacing));
  const betti = bars.map((list, p) => list.filter((b) => counts(b, p)).length);
  // The oldest component never dies: a nonempty cloud has β0 ≥ 1 even when τ is small.
  betti[0] = Math.max(1, betti[0]!);
  const nearCut = bars.map((list, p) => list.filter((b) => (p < 2 ? nearLengthCut(barLength(b, thresholds[p]!), cut) : nearVoidCut(b, thresholds[2]!, spacing))).length);
  const unit = metric === 'knn-geodesic' ? ' hops' : '';
  const rule = `bars longer than max(${fraction} × D, 2 × spacing${indices ? ', 2 × landmark cover radius' : ''}) = ${fmt(cut)}${unit} (D = ${fmt(diameter)}${unit}, spacing ${fmt(spacing)}${unit}${indices ? `, cover radius ${fmt(cover)}${unit}` : ''}), filtration up to ${fmt(threshold)}${unit}${maxDim === 2 ? `; β2: voids longer than the spacing that die at least ${DEFAULT_BARCODE.voids.minRatio} times as late as they are born, filtration up to ${fmt(thresholds[2]!)}${unit}` : ''}`;
  return {
    bars, betti, metric: m.metric, diameter, cut, threshold, rule, points: m.n,
    landmarks: indices ? { count: indices.length, of: n, coverRadius: cover } : null,
    spacing, nearCut, truncated, thresholds,
  };
}

/**
 * The rule for voids (β2). A Rips complex closes a surface's void late — a torus surface's
 * at about 1.2 × its tube radius, well past the loops' noise — and fills it in soon after
 * (1.9 × tube radius), so the void's bar is short next to the cut the loops use. The voids
 * of noise, on the other hand, are born and die at almost the same scale (death / birth
 * below 1.25 on every volume sample measured: solid tori, 300 landmarks). A void counts when
 * its bar is longer than one sampling spacing and death / birth ≥ minRatio (death capped
 * at τ₂): scale-free, so a layer's rescaling does not move it.
 */
function isVoid(bar: Bar, threshold: number, spacing: number): boolean {
  const death = Math.min(bar.death, threshold);
  return death - bar.birth > spacing && death >= DEFAULT_BARCODE.voids.minRatio * bar.birth;
}

/** A length within a factor 2 of the cut (either side): the count is fragile there. */
function nearLengthCut(length: number, cut: number): boolean {
  return length > cut / 2 && length < 2 * cut;
}

/** A void bar that a 20 % change of birth or death scale would move across the void rule. */
function nearVoidCut(bar: Bar, threshold: number, spacing: number): boolean {
  const death = Math.min(bar.death, threshold);
  const ratio = bar.birth > 0 ? death / bar.birth : Infinity;
  const r = DEFAULT_BARCODE.voids.minRatio;
  return death - bar.birth > spacing / 2 && ratio > r / 1.2 && ratio < r * 1.2;
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toPrecision(3);
}
