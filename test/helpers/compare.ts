/**
 * Element-wise comparison that fails with the shape, the first bad index, the
 * expected and the got value. Tolerance per element: max(abs, rel·|expected|),
 * or a caller-given bound per element (e.g. from Σ|a||b| for a GEMM).
 */
export interface Tolerance {
  abs?: number;
  rel?: number;
  bound?: (i: number) => number;
}

export function assertClose(got: ArrayLike<number>, want: ArrayLike<number>, tol: Tolerance, what: string): void {
  if (got.length !== want.length) throw new Error(`${what}: length ${got.length}, expected ${want.length}`);
  const abs = tol.abs ?? 1e-6;
  const rel = tol.rel ?? 0;
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!, g = got[i]!;
    const limit = tol.bound ? tol.bound(i) : Math.max(abs, rel * Math.abs(w));
    if (!(Math.abs(g - w) <= limit) && !(Number.isNaN(w) && Number.isNaN(g))) {
      throw new Error(`${what}: index ${i}: expected ${w}, got ${g} (|diff| ${Math.abs(g - w)} > ${limit})`);
    }
  }
}
