/**
 * The topology report of a trained network on a data set, layer by layer:
 * for each layer, det W and whether it is a homeomorphism; for each
 * representation (the input and every layer's output), whether the classes are
 * linearly separable — with the separating hyperplane or the Farkas
 * certificate that none exists — and the persistence barcode of each class's point
 * cloud with the Betti numbers a stated rule reads off it (topology/barcode.ts), so a
 * reader sees where the annulus stays a loop and where a link comes apart.
 *
 * Consistency with the maps: a layer that is a homeomorphism cannot change the topology of
 * a class. Where the estimates before and after such a layer still differ, the estimate is
 * wrong on one side; the entry is marked unreliable, the Betti numbers carried over from
 * the previous representation are the ones to read, and the reason is named from the two
 * barcodes (a bar near the rule's cut, a feature only a few sampling spacings across, a
 * filtration stopped early).
 */
import type { Dataset } from '../data/dataset.js';
import type { Model } from '../model/model.js';
import { isInvertibleActivation } from '../model/activation.js';
import { det } from '../export/linalg.js';
import { cloudBarcode, linearSeparability, separabilityOneVsRest, type BarcodeMetric, type BarcodeOptions, type CloudBarcode, type SeparabilityResult } from '../topology/index.js';
import { consistencyReason } from './topology-consistency.js';

/** One layer of a network as a map: its shape, det W for a square dense layer, and whether it is a homeomorphism (and why, or why not). */
export interface LayerTopology {
  layer: number;
  type: string;
  activation: string;
  inputs: number;
  units: number;
  /** det W for a square dense layer, else null. */
  det: number | null;
  homeomorphism: boolean;
  reason: string;
}

/** One representation (the input or a layer's output): whether its classes are linearly separable, and the Betti numbers of each class. */
export interface RepresentationTopology {
  /** 0 = the input, i = output of layer i − 1 … as in the export schema. */
  representation: number;
  width: number;
  /** Two classes: one result; more: one-vs-rest per class. */
  separability: SeparabilityResult | (SeparabilityResult | null)[] | null;
  /** Barcode and Betti numbers β0, β1 (β2 for 3-D data) of each class's points; null when skipped (width > 3). */
  betti: (ClassTopology | { error: string } | null)[];
}

/** One class in one representation. */
export interface ClassTopology {
  /** The rule's estimate read off this representation's barcode. */
  betti: number[];
  /** The rule's cut (bars longer than this count). */
  scale: number;
  /** The rule in words with its numbers. */
  scaleRule: string;
  /** Points the barcode was computed on (landmarks when reduced). */
  points: number;
  /** Landmark count when the class was reduced by maxmin sampling, else null. */
  landmarks: number | null;
  /** The barcode: bars[p] = [birth, death] pairs of dimension p (death null = alive at the threshold). */
  bars: [number, number | null][][];
  threshold: number;
  metric: string;
  spacing: number;
  /**
   * 'agrees': the layer into this representation is a homeomorphism and the estimate equals
   * the previous one; 'unreliable': it is a homeomorphism and they differ (read `expected`);
   * 'free': the layer may change topology (or this is the input), nothing to check.
   */
  consistency: 'agrees' | 'unreliable' | 'free';
  /** The Betti numbers the maps force (carried over through homeomorphisms), when known. */
  expected: number[] | null;
  /** Why the estimate is unreliable, when it is. */
  reason: string | null;
}

/** What {@link topologyReport} returns, as plain JSON. */
export interface TopologyReport {
  schema: 'untangle-topology';
  version: 2;
  dataset: string;
  n: number;
  classes: number;
  layers: LayerTopology[];
  representations: RepresentationTopology[];
  notes: string[];
}

const BETTI_POINTS = 1000;

/** Each layer of `model` as a map: det W and whether it is a homeomorphism, with the reason. Cheap: no data needed. */
export function layerTopology(model: Model): LayerTopology[] {
  return model.layers.map((layer, i) => {
    const base = { layer: i + 1, type: layer.type, activation: layer.activation, inputs: layer.inputs, units: layer.units };
    if (layer.type === 'vectorfield') {
      return { ...base, det: null, homeomorphism: false, reason: 'x + F(x): a homeomorphism only while F is small enough to keep the map injective; not checked' };
    }
    if (layer.type !== 'dense') return { ...base, det: null, homeomorphism: false, reason: `${layer.type} layers change the space's dimension` };
    if (layer.inputs !== layer.units) {
      return { ...base, det: null, homeomorphism: false, reason: `changes width ${layer.inputs} → ${layer.units}: ${layer.units < layer.inputs ? 'collapses dimensions' : 'an embedding into a larger space at best, not onto it'}` };
    }
    const d = det(Float64Array.from(model.layerParameters(i).weights), layer.units);
    const invertible = isInvertibleActivation(layer.activation);
    const homeomorphism = d !== 0 && invertible;
    const reason = !invertible ? `${layer.activation} is not injective` : d === 0 ? 'W is singular' : `W is non-singular and ${layer.activation} is a homeomorphism onto its image`;
    return { ...base, det: d, homeomorphism, reason };
  });
}

/** Class c's points (rows of width `width`), thinned evenly to at most `limit`. */
export function classPoints(points: Float32Array, width: number, labels: Int32Array, c: number, limit: number): Float32Array {
  const idx: number[] = [];
  for (let i = 0; i < labels.length; i++) if (labels[i] === c) idx.push(i);
  const stride = Math.max(1, Math.ceil(idx.length / limit));
  const chosen = idx.filter((_, k) => k % stride === 0);
  const out = new Float32Array(chosen.length * width);
  chosen.forEach((i, k) => out.set(points.subarray(i * width, (i + 1) * width), k * width));
  return out;
}

/** Options of {@link topologyReport}. */
export interface TopologyReportOptions {
  /** Metric of the filtration. Default 'knn-geodesic' (Naitzat, Zhitnikov & Lim). */
  metric?: BarcodeMetric;
  /** Maxmin landmarks per class above this many points. Default 300. */
  landmarks?: number;
  /** k of the k-NN graph for the geodesic metric. Default 16. */
  k?: number;
  /** Points per class (evenly picked) before landmarks. Default 1000. */
  pointsPerClass?: number;
  /** The rule's fraction of the diameter (see {@link BarcodeOptions}); default that of cloudBarcode. */
  fraction?: number;
}

function classEntry(b: CloudBarcode): ClassTopology {
  return {
    betti: b.betti, scale: b.cut, scaleRule: b.rule, points: b.points, landmarks: b.landmarks?.count ?? null,
    bars: b.bars.map((list) => list.map((x): [number, number | null] => [x.birth, x.death === Infinity ? null : x.death])),
    threshold: b.threshold, metric: b.metric, spacing: b.spacing,
    consistency: 'free', expected: null, reason: null,
  };
}

/**
 * The topology of `model` on `data`, layer by layer: the layers as maps (see
 * {@link layerTopology}), and for every representation the linear separability
 * of the classes and each class's persistence barcode with the Betti numbers a
 * stated rule reads from it, checked against what homeomorphic layers allow.
 *
 * @example
 * ```ts
 * const report = topologyReport(model, diskAnnulus({ n: 400 }));
 * for (const r of report.representations) console.log(r.representation, r.separability);
 * ```
 */
export function topologyReport(model: Model, data: Dataset, options: TopologyReportOptions = {}): TopologyReport {
  const metric = options.metric ?? 'knn-geodesic';
  const perClass = options.pointsPerClass ?? BETTI_POINTS;
  const layers = layerTopology(model);
  const outs = model.layerOutputs(data.x);
  const reps = [{ points: data.x, width: data.dim }, ...outs.map((o, i) => ({ points: o, width: model.layers[i]!.units }))];
  const barcodes: (CloudBarcode | null)[][] = [];
  const representations = reps.map(({ points, width }, r): RepresentationTopology => {
    const separability = width > 64
      ? null
      : data.classes === 2 ? linearSeparability(points, width, data.y) : separabilityOneVsRest(points, width, data.y, { classes: data.classes });
    const row: (CloudBarcode | null)[] = [];
    const betti = Array.from({ length: data.classes }, (_, c) => {
      row.push(null);
      if (width > 3) return null;
      // β2 (voids) for 3-D data only: a 3-D hidden representation of 2-D data is a thin sheet.
      const maxDim = width === 3 && data.dim === 3 ? 2 : 1;
      const cloud = classPoints(points, width, data.y, c, perClass);
      if (cloud.length / width < 4) return null;
      try {
        const b = cloudBarcode(cloud, width, { maxDim, metric, k: options.k, landmarks: options.landmarks, fraction: options.fraction });
        row[c] = b;
        return classEntry(b);
      } catch (e) {
        return { error: (e as Error).message };
      }
    });
    barcodes.push(row);
    return { representation: r, width, separability, betti };
  });
  checkConsistency(layers, representations, barcodes);
  return {
    schema: 'untangle-topology',
    version: 2,
    dataset: data.name,
    n: data.n,
    classes: data.classes,
    layers,
    representations,
    notes: [
      `Persistent homology over GF(2) of each class's points (at most ${perClass} per class, evenly picked, then at most 300 maxmin landmarks): the Vietoris–Rips barcode of the ${metric === 'knn-geodesic' ? 'k-NN graph geodesic distance (hops in the symmetrised 16-nearest-neighbour graph, Naitzat, Zhitnikov & Lim)' : 'Euclidean distance'}; a Betti number counts the bars longer than max(0.1 × the class's diameter, 2 × its nearest-neighbour spacing, 2 × the landmarks' cover radius), all in the metric's units. β2 only for the 3-D representations of 3-D data: voids longer than the spacing that die at least 1.25 times as late as they are born (a second filtration to 2.5 × that cut). Skipped above 3-D.`,
      'Where a layer is a homeomorphism the topology of every class is unchanged; an estimate that differs from the previous representation\'s is marked unreliable, with the numbers the maps force and the reason.',
      'Separability: a linear program either returns a hyperplane, checked on every point, or Farkas multipliers showing the classes\' convex hulls meet.',
    ],
  };
}

/** Marks, across homeomorphic layers, the estimates that the maps contradict. */
function checkConsistency(layers: LayerTopology[], reps: RepresentationTopology[], barcodes: (CloudBarcode | null)[][]): void {
  for (let r = 1; r < reps.length; r++) {
    const layer = layers[r - 1]!;
    if (!layer.homeomorphism) continue;
    reps[r]!.betti.forEach((entry, c) => {
      const before = reps[r - 1]!.betti[c];
      if (!entry || 'error' in entry || !before || 'error' in before) return;
      const expected = before.consistency === 'unreliable' ? before.expected! : (before.expected ?? before.betti);
      entry.expected = expected;
      if (expected.length === entry.betti.length && expected.every((b, p) => b === entry.betti[p])) {
        entry.consistency = 'agrees';
        return;
      }
      entry.consistency = 'unreliable';
      entry.reason = consistencyReason(barcodes[r - 1]![c]!, barcodes[r]![c]!, expected, entry.betti);
    });
  }
}
