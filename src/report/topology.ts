/**
 * The topology report of a trained network on a data set, layer by layer
 * (SPEC §5): for each layer, det W and whether it is a homeomorphism; for each
 * representation (the input and every layer's output), whether the classes are
 * linearly separable — with the separating hyperplane or the Farkas
 * certificate that none exists — and the Betti numbers of each class's point
 * cloud at a stated scale (k-NN graph), so a reader sees where the annulus stays a loop and
 * where a link comes apart.
 */
import type { Dataset } from '../data/dataset.js';
import type { Model } from '../model/model.js';
import { isInvertibleActivation } from '../model/activation.js';
import { det } from '../export/linalg.js';
import { bettiNumbers, linearSeparability, separabilityOneVsRest, type SeparabilityResult } from '../topology/index.js';

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
  /** Betti numbers β0, β1 (β2 for 3-D data) of each class's points; null when skipped (width > 3). */
  betti: ({ betti: number[]; scale: number | null; scaleRule: string | null; points: number; landmarks: number | null } | { error: string } | null)[];
}

/** What {@link topologyReport} returns, as plain JSON. */
export interface TopologyReport {
  schema: 'untangle-topology';
  version: 1;
  dataset: string;
  n: number;
  classes: number;
  layers: LayerTopology[];
  representations: RepresentationTopology[];
  notes: string[];
}

const BETTI_POINTS = 500;

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

/**
 * The topology of `model` on `data`, layer by layer: the layers as maps (see
 * {@link layerTopology}), and for every representation the linear separability
 * of the classes (with a hyperplane or a Farkas certificate) and each class's
 * Betti numbers at a stated scale.
 *
 * @example
 * ```ts
 * const report = topologyReport(model, diskAnnulus({ n: 400 }));
 * for (const r of report.representations) console.log(r.representation, r.separability, r.betti);
 * ```
 */
export function topologyReport(model: Model, data: Dataset): TopologyReport {
  const outs = model.layerOutputs(data.x);
  const reps = [{ points: data.x, width: data.dim }, ...outs.map((o, i) => ({ points: o, width: model.layers[i]!.units }))];
  const representations = reps.map(({ points, width }, r): RepresentationTopology => {
    const separability = width > 64
      ? null
      : data.classes === 2 ? linearSeparability(points, width, data.y) : separabilityOneVsRest(points, width, data.y, { classes: data.classes });
    const betti = Array.from({ length: data.classes }, (_, c) => {
      if (width > 3) return null;
      // β2 (voids) for 3-D data only: a 3-D hidden representation of 2-D data is
      // a thin sheet, whose Rips complex at the default scale is needlessly large.
      const maxDim = width === 3 && data.dim === 3 ? 2 : 1;
      const cloud = classPoints(points, width, data.y, c, BETTI_POINTS);
      if (cloud.length / width < 4) return null;
      try {
        const b = bettiNumbers(cloud, width, { maxDim, k: 16, hops: 2 });
        return { betti: b.betti, scale: b.scale, scaleRule: b.scaleRule, points: b.points, landmarks: b.landmarks?.count ?? null };
      } catch (e) {
        return { error: (e as Error).message };
      }
    });
    return { representation: r, width, separability, betti };
  });
  return {
    schema: 'untangle-topology',
    version: 1,
    dataset: data.name,
    n: data.n,
    classes: data.classes,
    layers: layerTopology(model),
    representations,
    notes: [
      `Betti numbers over GF(2) of each class's points (at most ${BETTI_POINTS} per class, evenly picked): the flag complex of the symmetrised 16-nearest-neighbour graph extended to points 2 graph steps apart (Naitzat, Zhitnikov & Lim's k-NN-graph method; it adapts to the uneven density tanh layers create, where a single Rips scale fragments the cloud). β2 only for the 3-D representations of 3-D data; skipped above 3-D.`,
      'Separability: a linear program either returns a hyperplane, checked on every point, or Farkas multipliers showing the classes\' convex hulls meet.',
    ],
  };
}
