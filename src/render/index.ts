/**
 * Rendering (`untangle/render`): the essay's pictures as PNG (a small
 * anti-aliasing raster canvas plus fast-png) or SVG, and animations as PNG
 * frames or one offline HTML player. The figure helpers take the export data
 * as it comes (figures.ts); the pictures underneath take plain typed arrays
 * (types.ts). Everything here runs in browsers too, except `writeImage`,
 * which loads node:fs when called.
 *
 *   const pic = regionsPicture(decisionRegions(model, data), { data, title: 'two spirals' });
 *   await writeImage('regions.png', toPng(pic));
 *   await writeImage('regions.svg', toSvg(pic));
 */
export type {
  Frame, FrameSequence, Hyperplane, Labels, PointSet, Polylines, ProbabilityCurve, ProbabilityGrid,
  Projection, Representation, ViewBox,
} from './types.js';
export {
  decisionCurvePicture, decisionRegionsPicture, representationPicture, stripPicture, rasterize, toPng, toSvg,
  regionImage, boundaryContours,
  type DecisionCurveInput, type DecisionRegionsInput, type Picture, type PictureOptions, type StripOptions,
} from './pictures.js';
export { predictionPicture, valueColor, type PredictionInput } from './prediction-picture.js';
export {
  regionsPicture, representationStrip, networkAnimationFrames, networkAnimationHtml, trainingFilmFrames, trainingFilmHtml, pngDataUri,
  type RegionsPictureOptions, type SequenceOptions,
} from './figures.js';
export { probabilityGrid, probabilityCurve, gridPolylines, hyperplaneOf, pointSetOf, isDecisionRegions, type LabelledData } from './from-export.js';
export { animationHtml, animationPngFrames, framePicture, frameLabel, type AnimationOptions, type FitMode } from './animation.js';
export { CLASS_PALETTE, classColors, hex, type Color, type ClassColors } from './color.js';
export { RasterCanvas } from './raster.js';
export { SvgSurface } from './svg.js';
export { CanvasSurface } from './canvas-surface.js';
export type { Surface, TextStyle, Rect } from './surface.js';
export { makeProjector, projectPoints, type Projector } from './projection.js';
export { clipLine, niceTicks, zeroContours } from './geometry.js';
export { writeImage } from './write.js';
