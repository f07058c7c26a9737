/**
 * Every error Untangle throws on purpose is an `UntangleError` with a stable
 * `code`: match on the class or the code, never on the wording, which may
 * improve between versions. docs/errors.md lists the codes.
 *
 *   try { loadModel('m.json') } catch (e) {
 *     if (e instanceof ModelFileError) console.error(e.code, e.file, e.path);
 *   }
 */

/** The stable codes, one per class below. */
export type ErrorCode =
  | 'BAD_OPTION'
  | 'BAD_DATA'
  | 'BAD_DATA_FILE'
  | 'BAD_MODEL_FILE'
  | 'BAD_CHECKPOINT'
  | 'DIVERGED'
  | 'NOT_FINITE'
  | 'OUT_OF_MEMORY'
  | 'BAD_STATE'
  | 'UNSUPPORTED'
  | 'WASM_NOT_FOUND'
  | 'ABORTED'
  | 'USAGE'
  | 'INTERNAL';

/**
 * Marks every UntangleError, whichever copy of this module made it. A page may
 * load two bundles that each inline this file (untangle.browser.js and
 * parallel.browser.js); `Symbol.for` gives both the same key, so `instanceof`
 * below can recognise the other copy's errors.
 */
const UNTANGLE_ERROR = Symbol.for('untangle.error');

/** The base class: `code` names the kind of problem, `message` says what and where. */
export class UntangleError extends Error {
  constructor(
    /** The kind of problem; stable across versions (see {@link ErrorCode}). */
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'UntangleError';
    Object.defineProperty(this, UNTANGLE_ERROR, { value: true });
  }

  /** `e instanceof DataError` holds for a DataError from any copy of Untangle on the page. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    if (typeof value !== 'object' || value === null || !(UNTANGLE_ERROR in value)) return false;
    const name = NAME_OF_CLASS.get(this);
    return this === UntangleError || (name !== undefined && (value as { name?: unknown }).name === name);
  }
}

/**
 * An option or argument with a wrong type or out of its range (hyper-parameters,
 * layer specs, picture sizes). `option` names it, e.g. `learningRate` or `layers[1].units`.
 *
 *   fit(model, data, { learningRate: -1 }) // OptionError BAD_OPTION, option 'learningRate'
 */
export class OptionError extends UntangleError {
  constructor(
    message: string,
    /** The option's name as written, with its path when nested, e.g. `layers[1].units`. */
    readonly option?: string,
  ) {
    super('BAD_OPTION', message);
    this.name = 'OptionError';
  }
}

/**
 * Data given in memory that cannot be used: wrong shape or width, NaN/Infinity,
 * labels out of range, an empty set. `field` names the part, e.g. `x`, `y`, `labels`.
 */
export class DataError extends UntangleError {
  constructor(
    message: string,
    /** The part of the data at fault, e.g. `x`, `y`, `labels`. */
    readonly field?: string,
  ) {
    super('BAD_DATA', message);
    this.name = 'DataError';
  }
}

/** Where in a data file a problem sits (1-based line and column where they apply). */
export interface FileLocation {
  /** The file's path, or the name given for bytes. */
  file?: string;
  /** 1-based line (CSV). */
  line?: number;
  /** 1-based column (CSV). */
  column?: number;
  /** The column's name or the header field at fault. */
  field?: string;
}

/** A malformed CSV or IDX file (or bytes), naming the file and where in it. */
export class DataFileError extends UntangleError {
  /** See {@link FileLocation}. */
  readonly file?: string;
  /** See {@link FileLocation}. */
  readonly line?: number;
  /** See {@link FileLocation}. */
  readonly column?: number;
  /** See {@link FileLocation}. */
  readonly field?: string;
  constructor(message: string, where: FileLocation = {}) {
    super('BAD_DATA_FILE', message);
    this.name = 'DataFileError';
    this.file = where.file;
    this.line = where.line;
    this.column = where.column;
    this.field = where.field;
  }
}

/** A saved model that cannot be read: `path` is the JSON path of the bad value (e.g. `layers[0].weights[3]`). */
export class ModelFileError extends UntangleError {
  constructor(
    message: string,
    /** JSON path of the bad value, e.g. `layers[0].weights[3]`. */
    readonly path?: string,
    /** The file it was read from, when there is one. */
    readonly file?: string,
  ) {
    super('BAD_MODEL_FILE', message);
    this.name = 'ModelFileError';
  }
}

/** A training checkpoint that cannot be read or does not fit the model and data it is resumed with. */
export class CheckpointError extends UntangleError {
  constructor(
    message: string,
    /** JSON path of the bad value. */
    readonly path?: string,
  ) {
    super('BAD_CHECKPOINT', message);
    this.name = 'CheckpointError';
  }
}

/**
 * Training stopped because the gradient or the weights stopped being finite.
 * The model keeps finite weights (see the message for which ones).
 */
export class TrainingDivergedError extends UntangleError {
  constructor(
    message: string,
    /** 1-based epoch in which it happened. */
    readonly epoch: number,
    /** Step within that epoch. */
    readonly step: number,
  ) {
    super('DIVERGED', message);
    this.name = 'TrainingDivergedError';
  }
}

/** A computation produced NaN or Infinity where a finite result was promised (e.g. logits that overflow). */
export class NotFiniteError extends UntangleError {
  constructor(message: string) {
    super('NOT_FINITE', message);
    this.name = 'NotFiniteError';
  }
}

/** The engine's wasm memory cannot hold what was asked for; nothing stays allocated by the failed call. */
export class OutOfMemoryError extends UntangleError {
  constructor(
    message: string,
    /** End of the block that did not fit, in bytes of engine memory. */
    readonly requestedBytes: number,
    /** The engine's memory limit in bytes (`maxMemoryMiB`). */
    readonly limitBytes: number,
  ) {
    super('OUT_OF_MEMORY', message);
    this.name = 'OutOfMemoryError';
  }
}

/** An object used in a state that does not allow it: disposed, busy with another call, already finished. */
export class StateError extends UntangleError {
  constructor(message: string) {
    super('BAD_STATE', message);
    this.name = 'StateError';
  }
}

/** The platform lacks something needed (wasm SIMD, DecompressionStream, worker threads, a package). */
export class UnsupportedError extends UntangleError {
  constructor(message: string) {
    super('UNSUPPORTED', message);
    this.name = 'UnsupportedError';
  }
}

/**
 * The compiled kernels (`untangle.simd.wasm` or `untangle.relaxed.wasm`) could
 * not be loaded from where the library looked (`tried`). In an app: serve the
 * file beside the JavaScript that imports Untangle, or hand it over with
 * `createEngine({ wasm })` (bytes, a URL or a `WebAssembly.Module`).
 */
export class WasmNotFoundError extends UntangleError {
  constructor(
    message: string,
    readonly variant: string,
    readonly tried: string[],
  ) {
    super('WASM_NOT_FOUND', message);
    this.name = 'WasmNotFoundError';
  }
}

/** An operation stopped by an AbortSignal or by a failing partner (another worker). */
export class AbortedError extends UntangleError {
  constructor(message: string) {
    super('ABORTED', message);
    this.name = 'AbortedError';
  }
}

/** A command line the CLI cannot run; printed as one line with the command's usage. */
export class UsageError extends UntangleError {
  constructor(message: string) {
    super('USAGE', message);
    this.name = 'UsageError';
  }
}

/** A bug in Untangle itself: please report it with the message. */
export class InternalError extends UntangleError {
  constructor(message: string) {
    super('INTERNAL', message);
    this.name = 'InternalError';
  }
}

/**
 * Each class's name, for `instanceof` across copies of this module (set in each
 * constructor, so it survives minification; the code alone would confuse a base
 * UntangleError made with a code with the class owning that code).
 */
const NAME_OF_CLASS = new Map<Function, string>([
  [OptionError, 'OptionError'],
  [DataError, 'DataError'],
  [DataFileError, 'DataFileError'],
  [ModelFileError, 'ModelFileError'],
  [CheckpointError, 'CheckpointError'],
  [TrainingDivergedError, 'TrainingDivergedError'],
  [NotFiniteError, 'NotFiniteError'],
  [OutOfMemoryError, 'OutOfMemoryError'],
  [StateError, 'StateError'],
  [UnsupportedError, 'UnsupportedError'],
  [WasmNotFoundError, 'WasmNotFoundError'],
  [AbortedError, 'AbortedError'],
  [UsageError, 'UsageError'],
  [InternalError, 'InternalError'],
]);

/** True for an UntangleError with the given code (or any code when omitted). */
export function isUntangleError(e: unknown, code?: ErrorCode): e is UntangleError {
  return e instanceof UntangleError && (code === undefined || e.code === code);
}
