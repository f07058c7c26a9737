import { describe, it, expect, beforeAll } from 'vitest';
import type { Engine } from '../../src/engine/engine.js';
import { testEngine, VARIANT } from '../helpers/engine.js';
import { assertClose } from '../helpers/compare.js';
import { guarded, readF32, checkGuards, release, uniformF32, assertSameBits, Random, type Guarded } from '../helpers/buffers.js';
import { sgdStep, momentumStep, adamStep, type Hyper } from '../reference/kernels.js';

type Optimizer = 'sgd' | 'momentum' | 'adam';

const LENGTHS = [1, 3, 5, 17, 33, 1001];
const STEPS = 6;
const BASE: Record<Optimizer, Omit<Hyper, 'wd'>> = {
  sgd: { lr: 0.1, beta1: 0, beta2: 0, eps: 0 },
  momentum: { lr: 0.05, beta1: 0.9, beta2: 0, eps: 0 },
  adam: { lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8 },
};

interface RunOptions {
  /** Adam's step count before the first call (hyper[5]). */
  t0?: number;
  /** Scale of the gradients (tiny gradients make Adam's ε matter). */
  gradScale?: number;
}

/** The kernel reads f32 hyper-parameters; the reference gets the same f32 values, in f64. */
function hyperArray(h: Hyper, t: number): Float32Array {
  return Float32Array.from([h.lr, h.beta1, h.beta2, h.eps, h.wd, t]);
}

function asF64(h: Hyper): Hyper {
  const f = Math.fround;
  return { lr: f(h.lr), beta1: f(h.beta1), beta2: f(h.beta2), eps: f(h.eps), wd: f(h.wd) };
}

/**
 * Runs STEPS updates of `opt` in wasm and in the reference on the same
 * gradients, with the learning rate changed between steps, and compares
 * parameters and optimiser state after every step.
 */
function runOptimizer(e: Engine, opt: Optimizer, n: number, wd: number, seed: number, { t0 = 0, gradScale = 1 }: RunOptions = {}): void {
  const rng = new Random(seed);
  const p0 = uniformF32(rng, n);
  const P = guarded(e, p0), G = guarded(e, n), S1 = guarded(e, n), S2 = guarded(e, n), H = guarded(e, 6);
  const p = Float64Array.from(p0), s1 = new Float64Array(n), s2 = new Float64Array(n);
  for (let step = 1; step <= STEPS; step++) {
    const what = `${opt} n=${n} wd=${wd} gradScale=${gradScale} t0=${t0} step ${step}`;
    const h: Hyper = { ...BASE[opt], lr: BASE[opt].lr * (1 - 0.1 * step), wd };
    const g = uniformF32(rng, n, -gradScale, gradScale);
    e.f32(G.ptr, n).set(g);
    // Write all hyper-parameters once, then only the learning rate: hyper[5] is
    // Adam's own step counter and must carry over from call to call.
    if (step === 1) e.f32(H.ptr, 6).set(hyperArray(h, t0));
    else e.f32(H.ptr, 1)[0] = h.lr;
    const ref = asF64(h);
    if (opt === 'sgd') {
      e.kernels.sgd_f32(P.ptr, G.ptr, n, H.ptr);
      sgdStep(p, g, ref);
    } else if (opt === 'momentum') {
      e.kernels.momentum_f32(P.ptr, G.ptr, S1.ptr, n, H.ptr);
      momentumStep(p, s1, g, ref);
    } else {
      e.kernels.adam_f32(P.ptr, G.ptr, S1.ptr, S2.ptr, n, H.ptr);
      adamStep(p, s1, s2, g, ref, t0 + step);
    }
    assertClose(readF32(e, P), p, { abs: 2e-6, rel: 1e-6 }, `${what} parameters`);
    if (opt === 'momentum') assertClose(readF32(e, S1), s1, { abs: 2e-6, rel: 1e-6 }, `${what} velocity`);
    if (opt === 'adam') {
      assertClose(readF32(e, S1), s1, { abs: 1e-7 * gradScale, rel: 1e-6 }, `${what} m`);
      assertClose(readF32(e, S2), s2, { abs: 1e-9 * gradScale * gradScale, rel: 1e-5 }, `${what} v`);
    }
    // Gradients are read-only; hyper-parameters too, apart from Adam's step count.
    assertSameBits(readF32(e, G), g, `${what}: gradient changed`);
    assertSameBits(readF32(e, H), hyperArray(h, opt === 'adam' ? t0 + step : t0), `${what}: hyper-parameters`);
    for (const [buf, name] of [[P, 'p'], [G, 'g'], [S1, 'state 1'], [S2, 'state 2'], [H, 'hyper']] as [Guarded, string][]) {
      checkGuards(e, buf, `${what} ${name}`);
    }
  }
  release(e, P, G, S1, S2, H);
}

let e: Engine;
beforeAll(async () => {
  e = await testEngine();
});

describe.each(['sgd', 'momentum', 'adam'] as const)(`%s_f32 (${VARIANT})`, (opt) => {
  it.each(LENGTHS)(`n=%i, ${STEPS} steps, weight decay off and on`, (n) => {
    runOptimizer(e, opt, n, 0, n * 10 + 1);
    runOptimizer(e, opt, n, 0.01, n * 10 + 2);
  });
});

describe(`adam_f32 details (${VARIANT})`, () => {
  it('hyper[5] counts steps: 0 → 1 → 2 → 3', () => {
    const n = 5;
    const P = guarded(e, uniformF32(new Random(1), n)), G = guarded(e, uniformF32(new Random(2), n));
    const M = guarded(e, n), V = guarded(e, n), H = guarded(e, hyperArray({ ...BASE.adam, wd: 0 }, 0));
    const counts: number[] = [];
    for (let i = 0; i < 3; i++) {
      e.kernels.adam_f32(P.ptr, G.ptr, M.ptr, V.ptr, n, H.ptr);
      counts.push(e.f32(H.ptr, 6)[5]!);
    }
    expect(counts).toEqual([1, 2, 3]);
    release(e, P, G, M, V, H);
  });

  it.each([1, 5, 1001])('resumes from a saved step count (t0 = 1000), n=%i', (n) => {
    runOptimizer(e, 'adam', n, 0, 7 + n, { t0: 1000 });
  });

  it.each([1, 5, 1001])('tiny gradients (|g| ≤ 1e-6), where ε shapes the step, n=%i', (n) => {
    runOptimizer(e, 'adam', n, 0, 9 + n, { gradScale: 1e-6 });
  });

  it('first step moves each parameter by about lr·sign(g) (bias correction applied)', () => {
    const n = 9;
    const p0 = uniformF32(new Random(4), n), g = uniformF32(new Random(5), n);
    const P = guarded(e, p0), G = guarded(e, g), M = guarded(e, n), V = guarded(e, n);
    const H = guarded(e, hyperArray({ ...BASE.adam, wd: 0 }, 0));
    e.kernels.adam_f32(P.ptr, G.ptr, M.ptr, V.ptr, n, H.ptr);
    const p1 = readF32(e, P);
    release(e, P, G, M, V, H);
    assertClose(Array.from(p1, (v, i) => v - p0[i]!), Array.from(g, (v) => -0.01 * Math.sign(v)), { abs: 1e-6 }, 'adam first step');
  });
});
