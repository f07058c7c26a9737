import { ACTIVATION_KIND, type ActivationName } from '../engine/abi.js';

export type { ActivationName };
/** Every {@link ActivationName}, e.g. for a picker in a UI. */
export const ACTIVATIONS = Object.keys(ACTIVATION_KIND) as ActivationName[];

/** The kernel's number for an activation name; throws on unknown names. */
export function activationKind(name: string): number {
  const kind = (ACTIVATION_KIND as Record<string, number>)[name];
  if (kind === undefined) throw new Error(`unknown activation '${name}' (known: ${ACTIVATIONS.join(', ')})`);
  return kind;
}

/**
 * Whether σ is a homeomorphism of ℝ onto its image (continuous, strictly
 * monotone, continuous inverse): tanh, sigmoid, softplus and identity are; relu
 * is not (it folds the negative half-line onto 0).
 */
export function isInvertibleActivation(name: ActivationName): boolean {
  return name !== 'relu';
}
