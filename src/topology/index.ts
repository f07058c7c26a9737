/**
 * Topology of point clouds and representations, for the per-layer topology report:
 * Betti numbers of each class's cloud at a stated scale, and linear separability of the
 * classes with a checked certificate. Pure TypeScript, no Node APIs: runs in browsers.
 *
 *   const { betti, scale } = bettiNumbers(annulusPoints, 2);        // [1, 1] at ε = scale
 *   const cut = linearSeparability(finalRep, 2, labels);            // hyperplane or Farkas λ
 */
export {
  bettiNumbers,
  defaultScale,
  maxminLandmarks,
  DEFAULT_SCALE_K,
  DEFAULT_SCALE_FACTORS,
  VOLUME_DIMENSION,
  DEFAULT_LANDMARKS,
  type BettiOptions,
  type BettiResult,
  type ComplexKind,
} from './betti.js';
export {
  linearSeparability,
  separabilityOneVsRest,
  hyperplaneMargin,
  farkasGap,
  type SeparabilityOptions,
  type SeparabilityResult,
  type SeparableResult,
  type InseparableResult,
} from './separability.js';
export {
  euclideanDistances,
  knnGeodesicDistances,
  enclosingRadius,
  finiteDiameter,
  medianNearestNeighbour,
  restrictDistances,
  type DistanceMatrix,
} from './distances.js';
export { ripsFiltration, type RipsFiltration } from './rips.js';
export { persistence, type Bar, type PersistenceOptions, type PersistenceResult } from './persistence.js';
export { cloudBarcode, barLength, DEFAULT_BARCODE, type BarcodeMetric, type BarcodeOptions, type CloudBarcode } from './barcode.js';
export { barcodeSvg, type BarcodeInput, type BarcodeSvgOptions } from './barcode-svg.js';
