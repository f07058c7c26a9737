import { describe, it, expect, beforeAll } from 'vitest';
import type { Engine } from '../../src/engine/engine.js';
import { testEngine, VARIANT } from '../helpers/engine.js';
import { assertClose, type Tolerance } from '../helpers/compare.js';
import { guarded, readF32, checkGuards, release, uniformF32, assertSameBits, Random } from '../helpers/buffers.js';
import { ACT_KINDS, ACT_NAME, activation, activationDerivative, actFwd, actBwd, type ActKind } from '../reference/kernels.js';

const LENGTHS = [1, 3, 5, 17, 33, 1000];
const EDGES = [0, -0, 1e-8, -1e-8, 1, -1, 20, -20, 88, -88, 100, -100, 1e30, -1e30, 3.4e38, -3.4e38, Infinity, -Infinity];

/** Forward tolerance per kind: identity and relu are exact, the rest use f32 approximations. */
const FWD_TOL: Record<ActKind, Tolerance> = {
  0: { abs: 0 },
  1: { abs: 1e-6 },
  2: { abs: 1e-6 },
  3: { abs: 0 },
  4: { abs: 1e-6, rel: 1e-6 },
};

/** Backward: dx = dy·σ'(x); the kernel's σ' carries σ's error, scaled by |dy|. */
function bwdTol(kind: ActKind, dy: Float32Array): Tolerance {
  if (kind === 0 || kind === 3) return { abs: 0 };
  return { bound: (i) => 3e-6 * Math.abs(dy[i]!) + 1e-12 };
}

/** assertClose, after requiring exact agreement wherever the reference is ±∞ or NaN. */
function assertCloseExt(got: Float32Array, want: Float64Array, tol: Tolerance, what: string): void {
  const g = Float64Array.from(got), w = Float64Array.from(want);
  for (let i = 0; i < w.length; i++) {
    if (Number.isFinite(w[i]!)) continue;
    if (!Object.is(g[i], w[i]) && !(Number.isNaN(g[i]!) && Number.isNaN(w[i]!))) {
      throw new Error(`${what}: index ${i}: expected ${w[i]}, got ${g[i]}`);
    }
    g[i] = 0;
    w[i] = 0;
  }
  assertClose(g, w, tol, what);
}

/** Inputs of length n: random in [-6, 6] with every edge value placed at head, body and tail positions. */
function inputsOfLength(n: number, seed: number): Float32Array[] {
  const rng = new Random(seed);
  const out: Float32Array[] = [];
  if (n < EDGES.length) {
    for (let r = 0; r * n < EDGES.length; r++) {
      out.push(Float32Array.from({ length: n }, (_, i) => EDGES[(r * n + i) % EDGES.length]!));
    }
    out.push(uniformF32(rng, n, -6, 6));
  } else {
    const head = uniformF32(rng, n, -6, 6);
    const tail = uniformF32(rng, n, -6, 6);
    EDGES.forEach((v, j) => {
      head[j] = v;
      tail[n - 1 - j] = v;
    });
    out.push(head, tail);
  }
  return out;
}

function fwd(e: Engine, kind: ActKind, x: Float32Array): Float32Array {
  const X = guarded(e, x), Y = guarded(e, x.length);
  e.kernels.act_f32_fwd(Y.ptr, X.ptr, x.length, kind);
  const y = readF32(e, Y);
  checkGuards(e, Y, `act_f32_fwd ${ACT_NAME[kind]} n=${x.length} y`);
  assertSameBits(readF32(e, X), x, `act_f32_fwd ${ACT_NAME[kind]} n=${x.length}: x changed`);
  release(e, X, Y);
  return y;
}

function bwd(e: Engine, kind: ActKind, dy: Float32Array, y: Float32Array, x: Float32Array): Float32Array {
  const DY = guarded(e, dy), Yb = guarded(e, y), X = guarded(e, x), DX = guarded(e, x.length);
  e.kernels.act_f32_bwd(DX.ptr, DY.ptr, Yb.ptr, X.ptr, x.length, kind);
  const dx = readF32(e, DX);
  checkGuards(e, DX, `act_f32_bwd ${ACT_NAME[kind]} n=${x.length} dx`);
  release(e, DY, Yb, X, DX);
  return dx;
}

let e: Engine;
beforeAll(async () => {
  e = await testEngine();
});

describe.each(ACT_KINDS)(`activation kind %i (${VARIANT})`, (kind) => {
  const name = ACT_NAME[kind];

  it.each(LENGTHS)(`${name} fwd and bwd, n=%i, with edge values`, (n) => {
    inputsOfLength(n, 100 + n * 5 + kind).forEach((x, r) => {
      const what = `${name} n=${n} input set ${r} x=[${Array.from(x.slice(0, 6)).join(', ')}${n > 6 ? ', …' : ''}]`;
      const y = fwd(e, kind, x);
      assertCloseExt(y, actFwd(kind, x), FWD_TOL[kind], `fwd ${what}`);
      const dy = uniformF32(new Random(n + r), n);
      const dx = bwd(e, kind, dy, y, x);
      assertCloseExt(dx, actBwd(kind, dy, x), bwdTol(kind, dy), `bwd ${what}`);
    });
  });

  it(`${name}: the reference derivative matches central differences`, () => {
    const rng = new Random(31 + kind);
    const h = 1e-5;
    for (let i = 0; i < 2000; i++) {
      const x = rng.range(-8, 8);
      if (kind === 3 && Math.abs(x) < 2 * h) continue; // relu's kink
      const fd = (activation(kind, x + h) - activation(kind, x - h)) / (2 * h);
      const d = activationDerivative(kind, x);
      if (!(Math.abs(fd - d) <= 1e-8 + 1e-6 * Math.abs(d))) {
        throw new Error(`${name}'(${x}): central difference ${fd}, reference derivative ${d}`);
      }
    }
  });

  it(`${name}: in place (y = x forward, dx = dy backward) gives the same bits`, () => {
    const n = 37;
    const x = uniformF32(new Random(7), n, -5, 5);
    const dy = uniformF32(new Random(8), n);
    const yOut = fwd(e, kind, x);
    const dxOut = bwd(e, kind, dy, yOut, x);
    const XY = guarded(e, x);
    e.kernels.act_f32_fwd(XY.ptr, XY.ptr, n, kind);
    assertSameBits(readF32(e, XY), yOut, `${name} fwd in place`);
    const DYX = guarded(e, dy), Y = guarded(e, yOut), X = guarded(e, x);
    e.kernels.act_f32_bwd(DYX.ptr, DYX.ptr, Y.ptr, X.ptr, n, kind);
    assertSameBits(readF32(e, DYX), dxOut, `${name} bwd in place`);
    release(e, XY, DYX, Y, X);
  });
});

describe(`tanh and sigmoid accuracy (${VARIANT})`, () => {
  const POINTS = 200001;
  const sweep = Float32Array.from({ length: POINTS }, (_, i) => -20 + (40 * i) / (POINTS - 1));

  it.each([[1, 'tanh'], [2, 'sigmoid']] as const)(`%i %s: max abs error ≤ 1e-6 over ${POINTS} points in [-20, 20]`, (kind, name) => {
    const y = fwd(e, kind, sweep);
    let max = 0, at = 0;
    for (let i = 0; i < POINTS; i++) {
      const err = Math.abs(y[i]! - activation(kind, sweep[i]!));
      if (err > max) { max = err; at = sweep[i]!; }
    }
    console.log(`[${VARIANT}] ${name} max abs error ${max.toExponential(3)} at x = ${at}`);
    expect(max, `${name} max abs error at x = ${at}`).toBeLessThanOrEqual(1e-6);
  });

  it('tanh and sigmoid give the same bits in a vector lane and in the scalar tail', () => {
    const x = uniformF32(new Random(3), 64, -10, 10);
    for (const kind of [1, 2] as const) {
      const lanes = fwd(e, kind, x);
      for (let i = 0; i < x.length; i++) {
        const one = fwd(e, kind, x.subarray(i, i + 1));
        if (!Object.is(one[0], lanes[i])) throw new Error(`${ACT_NAME[kind]}(${x[i]}): lane ${lanes[i]}, tail ${one[0]}`);
      }
    }
  });

  it('relu gives the same bits in a vector lane and in the scalar tail, NaN and −0 included', () => {
    const x = Float32Array.from([NaN, -0, 2, -3, Infinity, -Infinity, 1e-40, -1e-40]);
    const lanes = fwd(e, 3, x);
    expect(lanes[0], 'relu(NaN)').toBeNaN();
    for (let i = 0; i < x.length; i++) {
      const one = fwd(e, 3, x.subarray(i, i + 1));
      if (!Object.is(one[0], lanes[i])) throw new Error(`relu(${x[i]}): lane ${lanes[i]}, tail ${one[0]}`);
    }
  });

  it('tanh: NaN in gives NaN out, in vector lanes and in the tail', () => {
    const x = Float32Array.from([NaN, 1, NaN, -1, 0.5, NaN, 2]);
    const y = fwd(e, 1, x);
    [0, 2, 5].forEach((i) => expect(y[i], `index ${i}`).toBeNaN());
    assertClose([y[1]!, y[3]!, y[4]!, y[6]!], [1, -1, 0.5, 2].map(Math.tanh), { abs: 1e-6 }, 'tanh beside NaNs');
  });

  it('tanh is odd, saturates within 4e-7 of ±1 and never leaves [-1, 1]', () => {
    const x = Float32Array.from([8, -8, 20, -20, 1e30, -1e30, Infinity, -Infinity, 0.3, -0.3, 3, -3, 7.9, -7.9]);
    const y = fwd(e, 1, x);
    assertClose(y.slice(0, 8), [1, -1, 1, -1, 1, -1, 1, -1], { abs: 4e-7 }, 'tanh saturation');
    for (let i = 0; i < x.length; i += 2) expect(y[i + 1], `tanh(${x[i + 1]})`).toBe(-y[i]!);
    const sweep = fwd(e, 1, Float32Array.from({ length: 20001 }, (_, i) => -10 + i / 1000));
    for (let i = 0; i < sweep.length; i++) {
      if (!(Math.abs(sweep[i]!) <= 1)) throw new Error(`tanh(${-10 + i / 1000}) = ${sweep[i]} is outside [-1, 1]`);
    }
  });
});
