/**
 * The app's side of error-transfer.ts: an error sent by a worker becomes an
 * instance of the same class as the one the library exports (taken from the
 * library's entry, so that `instanceof` holds for the classes the app imports),
 * with the same message, code and fields.
 */
import {
  AbortedError, CheckpointError, DataError, DataFileError, InternalError, ModelFileError, NotFiniteError, OptionError, OutOfMemoryError,
  StateError, TrainingDivergedError, UnsupportedError, UntangleError, UsageError, WasmNotFoundError,
} from '../index.js';
import type { SerializedError } from './error-transfer.js';

/**
 * The error classes by the name each one sets. Named one by one, not read off
 * the library's namespace, so that an app's bundle keeps only what it uses; a
 * test checks that every error class the library exports is here.
 */
export const ERROR_CLASSES: Record<string, new (...args: never[]) => Error> = {
  AbortedError, CheckpointError, DataError, DataFileError, InternalError, ModelFileError, NotFiniteError, OptionError, OutOfMemoryError,
  StateError, TrainingDivergedError, UnsupportedError, UntangleError, UsageError, WasmNotFoundError,
};

/**
 * The same class as thrown (an Error of that name when it is not one of
 * Untangle's), with the same message and fields, made without calling its
 * constructor so that no class needs its own rule here.
 */
export function rebuildError(sent: SerializedError): Error {
  const cls = ERROR_CLASSES[sent.name] ?? Error;
  const error = Reflect.construct(Error, [sent.message], cls) as Error;
  Object.assign(error, sent.fields, { name: sent.name });
  if (sent.stack) Object.defineProperty(error, 'cause', { value: { workerStack: sent.stack }, enumerable: false, configurable: true, writable: true });
  return error;
}
