/**
 * What the renderer draws: small plain inputs built from typed arrays, so any
 * producer (the exporter, a test, a browser page) can fill them without
 * depending on the renderer's internals.
 *
 * Conventions: coordinates are data units; every n × d array is row-major
 * (point i at [i·d, (i+1)·d)); class labels are 0 … classes − 1.
 */

/** An axis-aligned rectangle in data units (xmin < xmax, ymin < ymax). */
export interface ViewBox {
  xmin: number;
  xmax: number;
  ymin: number;
  ymax: number;
}

/** Labelled points: n × dim coordinates (dim ≥ 1; 3 and more are projected). */
export interface PointSet {
  dim: number;
  /** n × dim, row-major. */
  coords: Float32Array;
  /** n labels in 0 … classes − 1. */
  labels: Int32Array;
  classes: number;
}

/**
 * Polylines in the points' space: each array holds its vertices, dim values
 * each (the same dim as the points they are drawn with).
 */
export type Polylines = Float32Array[];

/**
 * Class probabilities sampled on a regular 2-D grid whose nodes include the
 * box edges: column c at x = xmin + c·(xmax − xmin)/(nx − 1), row r at
 * y = ymax − r·(ymax − ymin)/(ny − 1) (row 0 is the top, as in an image).
 * `probs[(r·nx + c)·classes + k]` is the probability of class k there.
 */
export interface ProbabilityGrid {
  nx: number;
  ny: number;
  classes: number;
  box: ViewBox;
  probs: Float32Array;
}

/** Class probabilities along one input axis: `probs[i·classes + k]` at `xs[i]` (ascending). */
export interface ProbabilityCurve {
  xs: Float32Array;
  classes: number;
  probs: Float32Array;
}

/** The hyperplane w·x + b = 0 (a line in 2-D, a point in 1-D, a plane in 3-D). */
export interface Hyperplane {
  w: ArrayLike<number>;
  b: number;
}

/**
 * How 3-D (or wider) data is flattened to the page.
 * `orbit`: orthographic view of x, y, z (z up) turned by `yaw` about z and
 * seen from `pitch` above the x–y plane, both in radians.
 * `pca`: the first two principal components of the points (centred).
 */
export type Projection = { kind: 'orbit'; yaw: number; pitch: number } | { kind: 'pca' };

/** Text around a plot. */
export interface Labels {
  title?: string;
  xLabel?: string;
  yLabel?: string;
}

/** One representation of the data: points, optionally a deformed grid and a separating hyperplane. */
export interface Representation extends Labels {
  points: PointSet;
  /** Grid polylines with points.dim values per vertex. */
  grid?: Polylines;
  /** The classification line / hyperplane in this representation's coordinates. */
  hyperplane?: Hyperplane;
}

/** One frame of an animation or training film (coordinates of the sequence's dim). */
export interface Frame {
  /** n × dim, the same n points (and labels) in every frame. */
  points: Float32Array;
  polylines?: Polylines;
  hyperplane?: Hyperplane;
  /** Phase name (e.g. 'linear', 'translation', 'activation'). */
  phase?: string;
  /** Progress within the phase, 0 … 1. */
  t?: number;
  /** Free text shown with the frame (e.g. 'epoch 12 · loss 0.31'). */
  caption?: string;
}

/** A sequence of frames of one point set (a layer animation or a training film). */
export interface FrameSequence extends Labels {
  dim: number;
  labels: Int32Array;
  classes: number;
  frames: Frame[];
}
