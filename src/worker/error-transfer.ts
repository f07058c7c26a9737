/**
 * Errors across the worker boundary. Structured cloning turns a class instance
 * into a plain Error, so the worker sends the name, message and the error's
 * own fields (code, option, epoch, step, …), and the caller rebuilds an
 * instance of the same class (error-rebuild.ts): `instanceof OptionError`,
 * `e.code` and `e.message` read as if `fit` had thrown on this thread.
 */
/** An error as it travels in a message. */
export interface SerializedError {
  name: string;
  message: string;
  /** The error's own enumerable fields (code, option, field, epoch, step, path, …). */
  fields: Record<string, unknown>;
  /** The worker's stack, kept as the rebuilt error's `cause` for debugging. */
  stack?: string;
}

export function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error), fields: {} };
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(error)) {
    // Only what survives cloning (the fields of our classes are strings, numbers and string arrays).
    if (['string', 'number', 'boolean', 'undefined'].includes(typeof value) || (Array.isArray(value) && value.every((v) => typeof v === 'string'))) fields[key] = value;
  }
  return { name: error.name, message: error.message, fields, stack: error.stack };
}
