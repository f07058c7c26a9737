import { ACTIVATION_KIND, type ActivationName } from '../engine/abi.js';

export type { ActivationName };
/** Every {@link ActivationName}, e.g. for a picker in a UI. */
export const ACTIVATIONS = Object.keys(ACTIVATION_KIND) as ActivationName[];

/** The kernel's number for an activation name; throws on unknown names. */
export function activationKind(name: string): number {
  const kind = (ACTIVATION_KIND as Record<string, number>)[name];
  if (kind === undefined) throw new OptionError(`unknown activation '${name}' (known: ${ACTIVATIONS.join(', ')})`);
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

/** @internal One activation in f64, as assembly/kernels/activation.ts computes it in f32. */
export interface ActivationMath {
  /** σ(z). */
  value(z: number): number;
  /** σ'(z). */
  slope(z: number): number;
  /** σ'(z) from the output y = σ(z) (what backward passes read when they keep only y). */
  slopeFromOutput(y: number): number;
  /** σ''(z). */
  curvature(z: number): number;
}

/** The logistic function, with neither side overflowing exp. */
function logistic(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/**
 * @internal The one definition of every activation in f64, shared by the layer
 * animation, the contractive penalty's host-side Jacobians and the test references.
 */
export const ACTIVATION_MATH: Readonly<Record<ActivationName, ActivationMath>> = {
  linear: { value: (z) => z, slope: () => 1, slopeFromOutput: () => 1, curvature: () => 0 },
  tanh: {
    value: Math.tanh,
    slope: (z) => 1 - Math.tanh(z) ** 2,
    slopeFromOutput: (y) => 1 - y * y,
    curvature: (z) => { const t = Math.tanh(z); return -2 * t * (1 - t * t); },
  },
  sigmoid: {
    value: logistic,
    slope: (z) => { const s = logistic(z); return s * (1 - s); },
    slopeFromOutput: (y) => y * (1 - y),
    curvature: (z) => { const s = logistic(z); return s * (1 - s) * (1 - 2 * s); },
  },
  // relu' at 0 is taken as 0, as the kernel does.
  relu: { value: (z) => (z > 0 ? z : 0), slope: (z) => (z > 0 ? 1 : 0), slopeFromOutput: (y) => (y > 0 ? 1 : 0), curvature: () => 0 },
  softplus: {
    value: (z) => Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))),
    slope: logistic,
    slopeFromOutput: (y) => -Math.expm1(-y), // logistic(z) = 1 − e^(−softplus(z))
    curvature: (z) => { const s = logistic(z); return s * (1 - s); },
  },
};
import { OptionError } from '../errors.js';
