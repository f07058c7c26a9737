/**
 * The app's side of error-transfer.ts: an error sent by a worker becomes an
 * instance of the same class as the one the library exports (taken from the
 * library's entry, so that `instanceof` holds for the classes the app imports),
 * with the same message, code and fields.
 */
import * as library from '../index.js';
import type { SerializedError } from './error-transfer.js';

/** The error classes by the name each one sets (the export's name: a minifier may rename classes but not exports). */
const CLASSES: Record<string, new (...args: never[]) => Error> = Object.fromEntries(
  Object.entries(library).filter(([, value]) => typeof value === 'function' && value.prototype instanceof Error),
) as Record<string, new (...args: never[]) => Error>;

/**
 * The same class as thrown (an Error of that name when it is not one of
 * Untangle's), with the same message and fields, made without calling its
 * constructor so that no class needs its own rule here.
 */
export function rebuildError(sent: SerializedError): Error {
  const cls = CLASSES[sent.name] ?? Error;
  const error = Reflect.construct(Error, [sent.message], cls) as Error;
  Object.assign(error, sent.fields, { name: sent.name });
  if (sent.stack) Object.defineProperty(error, 'cause', { value: { workerStack: sent.stack }, enumerable: false, configurable: true, writable: true });
  return error;
}
