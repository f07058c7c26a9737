/**
 * Points as the model's methods take them: a flat row-major array (n × width,
 * the fast path, used as is) or one array per point (`[[0, 0], [0.5, 0.5]]`,
 * copied into a flat Float32Array after checking every row's width).
 */
import { DataError } from '../errors.js';

export type Points = ArrayLike<number> | ArrayLike<ArrayLike<number>>;

/** `x` as a flat row-major array of points of `width` features; throws a DataError naming a bad row. */
export function flatPoints(x: Points, width: number, what: string): ArrayLike<number> {
  if (x === null || typeof x !== 'object' || typeof (x as ArrayLike<unknown>).length !== 'number') {
    throw new DataError(`${what}: points must be an array of numbers (row-major) or an array of points, got ${x === null ? 'null' : typeof x}`, 'x');
  }
  if (x.length === 0 || typeof x[0] === 'number') return x as ArrayLike<number>;
  const rows = x as ArrayLike<unknown>;
  const flat = new Float32Array(rows.length * width);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as ArrayLike<number> | null | undefined;
    if (row === null || typeof row !== 'object' || typeof row.length !== 'number') {
      throw new DataError(`${what}: point ${i} is ${String(row)}; give every point as an array of ${width} numbers, or all of them as one flat array`, 'x');
    }
    if (row.length !== width) throw new DataError(`${what}: point ${i} has ${row.length} features, the model expects ${width}`, 'x');
    for (let d = 0; d < width; d++) {
      const v = row[d];
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new DataError(`${what}: feature ${d} of point ${i} is ${String(v)} (finite numbers only)`, 'x');
      }
      flat[i * width + d] = v;
    }
  }
  return flat;
}
