/**
 * Inverted dropout (assembly/kernels/dropout.ts): while training, each value is
 * zeroed with probability `rate` and the rest scaled by 1/(1 − rate); at
 * inference the layer is the identity, so no rescaling is needed there.
 *
 *   forward:   Y = X ⊙ mask     (training: a fresh seeded mask per step)
 *   backward:  dX = dY ⊙ mask   (overwrites dX)
 *
 * "Training" means every plan a backward pass follows (trainer steps,
 * lossAndGradient, backward); predict, evaluate and layerOutputs are the identity.
 * The mask is a hash of (seed, step counter, index): the counter lives in the
 * workspace, starting at 0, so the same model, data and seed give the same run;
 * it is the layer's step state, which a training checkpoint saves so a resumed
 * run draws the masks an uninterrupted one would.
 */
import { OptionError } from '../errors.js';
import { BATCH } from '../engine/abi.js';
import type { Allocate, LayerBuffers, LayerKind, Shape } from './layer.js';
import { ParameterFreeLayer } from './parameter-free-layer.js';
import { fail, f32, int, sameShape, describeValue } from './json-checks.js';
import type { PlanBuilder } from './plan-builder.js';

/** Dropout: during training, zero each value with probability `rate` (and scale the rest by 1/(1 − rate)). */
export interface DropoutSpec {
  type: 'dropout';
  /** Probability of dropping a value, in [0, 1). */
  rate: number;
  /** Seed of the masks (default 1). */
  seed?: number;
}

/** A dropout layer in a saved model (no parameters). */
export interface DropoutJSON {
  type: 'dropout';
  inputShape: Shape;
  rate: number;
  seed: number;
}

export class Dropout extends ParameterFreeLayer {
  readonly type = 'dropout' as const;

  constructor(inputShape: Shape, readonly rate: number, readonly seed: number, offset: number) {
    super(inputShape, inputShape, offset);
  }

  override allocate(alloc: Allocate, B: number): LayerBuffers {
    const buf = super.allocate(alloc, B);
    const counter = alloc(1);
    return { ...buf, extra: { mask: alloc(this.units * B), counter }, state: [counter] };
  }

  emitForward(plan: PlanBuilder, x: number, buf: LayerBuffers, _params: number, _scratch: number, forwardOnly = false): void {
    const rate = forwardOnly ? 0 : this.rate;
    plan.dropoutFwd({ y: buf.y, mask: buf.extra.mask!, x, D: this.units, B: BATCH, rate, seed: this.seed, counter: buf.extra.counter! });
  }

  emitBackward(plan: PlanBuilder, _x: number, buf: LayerBuffers, dx: number): void {
    if (dx === 0) return;
    if (this.rate === 0) plan.dropoutFwd({ y: dx, mask: 0, x: buf.dy, D: this.units, B: BATCH, rate: 0, seed: 0, counter: 0 }); // a copy
    else plan.dropoutBwd({ dx, dy: buf.dy, mask: buf.extra.mask!, D: this.units, B: BATCH });
  }

  toJSON(): DropoutJSON {
    return { type: 'dropout', inputShape: this.inputShape, rate: this.rate, seed: this.seed };
  }
}

const isRate = (v: unknown): v is number => typeof v === 'number' && v >= 0 && v < 1;

/** @internal The dropout layer's spec, file and loading rules (no parameters to load). */
export const dropoutKind: LayerKind<DropoutSpec, DropoutJSON> = {
  type: 'dropout',
  build(spec, input, offset, where) {
    if (!isRate(spec.rate) || !isRate(Math.fround(spec.rate))) throw new OptionError(`${where}: dropout rate must be a number in [0, 1), got ${String(spec.rate)}`);
    const seed = spec.seed ?? 1;
    if (!(Number.isInteger(seed) && Math.abs(seed) <= 0x7fffffff)) throw new OptionError(`${where}: dropout seed must be a 32-bit integer, got ${String(seed)}`);
    return new Dropout(input, spec.rate, seed, offset);
  },
  parse(l, input, where) {
    const shape = sameShape(l.inputShape, input, where);
    const rate = f32(l.rate, `${where}.rate`);
    if (!isRate(rate)) fail(`${where}.rate must be in [0, 1), got ${describeValue(rate)}`, `${where}.rate`);
    const seed = int(l.seed, `${where}.seed`, -0x7fffffff, 0x7fffffff);
    return [{ type: 'dropout', inputShape: shape, rate, seed }, shape];
  },
  specOf: (l) => ({ type: 'dropout', rate: l.rate, seed: l.seed }),
  load() {},
};
