/**
 * The export module's data (src/export, docs/export-schema.md) in the shapes
 * the pictures draw (types.ts). Type-only imports: the renderer does not load
 * the exporter, so `untangle/render` stays free of the engine.
 */
import { OptionError } from '../errors.js';
import type { DecisionRegions } from '../export/decision-regions.js';
import type { GridLayout } from '../export/representations.js';
import type { Hyperplane, PointSet, Polylines, ProbabilityCurve, ProbabilityGrid } from './types.js';

/** Labelled points as a data set holds them; a `Dataset` fits. */
export interface LabelledData {
  readonly x: Float32Array;
  readonly y: Int32Array;
  readonly dim: number;
  readonly classes: number;
}

export function pointSetOf(data: LabelledData): PointSet {
  return { dim: data.dim, coords: data.x, labels: data.y, classes: data.classes };
}

/** True for the export of decisionRegions() (as opposed to a plain ProbabilityGrid). */
export function isDecisionRegions(value: unknown): value is DecisionRegions {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'decision-regions';
}

/**
 * A 2-D decision-regions export, or slice `slice` of a 3-D one (default: the
 * middle slice), as the probability grid decisionRegionsPicture draws.
 */
export function probabilityGrid(regions: DecisionRegions, slice?: number): ProbabilityGrid {
  if (regions.dim === 1) throw new OptionError('probabilityGrid: a 1-D export is a curve; use probabilityCurve (or regionsPicture)', 'regions');
  const N = regions.resolution;
  const K = regions.dim === 3 ? regions.slices.length : 1;
  const k = slice ?? Math.floor((K - 1) / 2);
  if (!(Number.isInteger(k) && k >= 0 && k < K)) throw new OptionError(`probabilityGrid: slice must be an integer in 0…${K - 1}, got ${k}`, 'slice');
  const per = N * N * regions.classes;
  const cx = regions.columnAxis, cy = regions.rowAxis!;
  return {
    nx: N,
    ny: N,
    classes: regions.classes,
    box: { xmin: regions.domain.min[cx]!, xmax: regions.domain.max[cx]!, ymin: regions.domain.min[cy]!, ymax: regions.domain.max[cy]! },
    probs: regions.probabilities.subarray(k * per, (k + 1) * per),
  };
}

/** A 1-D decision-regions export as the probability curve decisionCurvePicture draws. */
export function probabilityCurve(regions: DecisionRegions): ProbabilityCurve {
  if (regions.dim !== 1) throw new OptionError(`probabilityCurve: needs a 1-D export, got ${regions.dim}-D (use probabilityGrid)`, 'regions');
  return { xs: regions.columns, classes: regions.classes, probs: regions.probabilities };
}

/** Splits an exported grid block (lines × pointsPerLine × width, row-major) into one polyline per grid line. */
export function gridPolylines(grid: Float32Array, layout: GridLayout, width: number): Polylines {
  const per = layout.pointsPerLine * width;
  return Array.from({ length: layout.lines }, (_, i) => grid.subarray(i * per, (i + 1) * per));
}

/** An exported classifier boundary (normal · x + offset = 0) as a hyperplane; undefined when there is none. */
export function hyperplaneOf(boundary: { normal: ArrayLike<number>; offset: number } | null | undefined): Hyperplane | undefined {
  return boundary ? { w: Array.from(boundary.normal), b: boundary.offset } : undefined;
}
