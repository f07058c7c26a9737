/**
 * A data set in shared memory, so that sending it to N threads costs one copy
 * here instead of N structured clones (each thread still copies it once, into
 * its own wasm memory). Taken per run, not cached: the caller may change the
 * arrays between runs.
 */
import type { Dataset } from '../data/dataset.js';

function share<T extends Float32Array | Int32Array>(array: T): T {
  const copy = new (array.constructor as { new (buffer: SharedArrayBuffer): T })(new SharedArrayBuffer(array.byteLength));
  copy.set(array);
  return copy;
}

/** `data` with its arrays copied into SharedArrayBuffers. */
export function sharedDataset(data: Dataset): Dataset {
  return { ...data, x: share(data.x), y: share(data.y), ...(data.targets ? { targets: share(data.targets) } : {}) };
}
