/**
 * The layer types a model may hold: one line per type. The model builder, the
 * model-file reader and `specOf` find a type's rules here (each layer file owns
 * its spec checks, its part of the file and its loading), so adding a layer adds
 * a line here and one to the LayerSpec and LayerJSON unions.
 */
import type { LayerJSON, LayerKind } from './layer.js';
import { denseKind } from './dense.js';
import { conv2dKind } from './conv2d.js';
import { maxpoolKind } from './maxpool.js';
import { vectorFieldKind } from './vector-field.js';
import { avgpoolKind, globalAvgPoolKind } from './avgpool.js';
import { dropoutKind } from './dropout.js';
import { batchNormKind } from './batchnorm.js';
import { residualKindOver } from './residual.js';

// Each entry is typed for its own spec and JSON; the table is read by `type`.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyKind = LayerKind<any, LayerJSON>;

export const LAYER_KINDS: readonly AnyKind[] = [
  denseKind,
  conv2dKind,
  maxpoolKind,
  vectorFieldKind,
  avgpoolKind,
  globalAvgPoolKind,
  dropoutKind,
  batchNormKind,
  residualKindOver(layerKind),
];

/** The kind of a `type` name, or undefined. */
export function layerKind(type: unknown): AnyKind | undefined {
  return LAYER_KINDS.find((k) => k.type === type);
}

/** The known type names, for messages. */
export const LAYER_TYPES = LAYER_KINDS.map((k) => k.type);
