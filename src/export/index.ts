/**
 * What the pictures are drawn from: plain typed arrays plus a versioned JSON
 * schema (docs/export-schema.md). Every export carries
 * `{ schema: 'untangle-export', version: 1, kind }`; `exportToJSON` turns one
 * into plain JSON with the same layouts.
 *
 *   decisionRegions(model, data)          class probabilities on a grid (1-D curve, 2-D image, 3-D slices)
 *   representations(model, data)          data + deformed coordinate grid after every layer
 *   animateLayer / animateNetwork         the essay's ambient isotopy, frame by frame
 *   recordTrainingFilm(model, data, fit)  a representation and its classification line while training
 */
export {
  EXPORT_SCHEMA, EXPORT_VERSION, EXPORT_KINDS, exportToJSON, checkExportHeader,
  type ExportKind, type ExportHeader, type Box, type Jsonified, type JsonOptions,
} from './schema.js';
export { gridLines, linspace, type GridLines, type GridOptions } from './grid.js';
export { decisionRegions, type DecisionRegions, type DecisionRegionOptions } from './decision-regions.js';
export { predictionGrid, type PredictionGrid, type PredictionGridOptions } from './prediction-grid.js';
export {
  representations, type Representations, type RepresentationOptions, type LayerRepresentation, type GridLayout,
} from './representations.js';
export { classifierAfter, boundarySegment, type Classifier } from './classifier.js';
export {
  animateLayer, animateNetwork, MAX_ANIMATION_WIDTH,
  type LayerAnimation, type NetworkAnimation, type AnimationFrame, type AnimationOptions, type Phase,
} from './layer-animation.js';
export {
  linearPath, embedSquare, rotationPlanes, rotationAt,
  type LinearPath, type PathKind, type PathOptions, type RotationPlane, type SquareEmbedding,
} from './gl-path.js';
export { recordTrainingFilm, type TrainingFilm, type FilmFrame, type FilmOptions, type FilmStop } from './training-film.js';
