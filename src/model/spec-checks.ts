/** Checks of a layer spec's values, shared by the layer kinds' `build`. */
import { OptionError } from '../errors.js';
import { ACTIVATIONS, type ActivationName } from './activation.js';

/** Widths and anchors the model builder accepts. */
export const MAX_UNITS = 1 << 16;

export function positiveInt(value: unknown, what: string, max = MAX_UNITS): number {
  if (!(typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= max)) {
    throw new OptionError(`${what} must be an integer in 1…${max}, got ${String(value)}`);
  }
  return value;
}

export function checkActivation(activation: string, where: string): ActivationName {
  if (!ACTIVATIONS.includes(activation as ActivationName)) {
    throw new OptionError(`${where}: unknown activation '${activation}' (known: ${ACTIVATIONS.join(', ')})`);
  }
  return activation as ActivationName;
}
