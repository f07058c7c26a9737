/**
 * Differentiation on demand: every layer's pre- and post-activation for given
 * points, and the backward pass for any output gradient dY — the parameter
 * gradient (same layout as getParameters) and the input gradient dX — so a
 * loss written in TypeScript can train the model, and dX is one call.
 *
 * Built on the model's own plan machinery: the layers emit their forward and
 * backward ops into two plans on a workspace of `model.chunk` columns (one
 * wasm call per chunk); inputs larger than a chunk run chunk by chunk, the
 * parameter gradients summed in f64 (a single chunk's are returned as the
 * kernels wrote them, bit for bit).
 */
import type { Block } from '../engine/arena.js';
import type { Model } from './model.js';
import { PlanBuilder, type Plan } from './plan-builder.js';
import { Workspace } from './workspace.js';

export interface ForwardOptions {
  /** Also return every layer's pre-activation Z (default false). */
  preActivations?: boolean;
}

export interface ForwardResult {
  /** The last layer's output, n × units row-major (logits or embedding or regression values). */
  output: Float32Array;
  /** Every layer's output after its activation, n × units row-major each. */
  activations: Float32Array[];
  /** Every layer's pre-activation (the same values as its activation for linear layers), with `preActivations`. */
  preActivations?: Float32Array[];
}

export interface BackwardResult {
  /** dLoss/dparameters, in the layout of getParameters. */
  gradient: Float32Array;
  /** dLoss/dX, n × inputs row-major. */
  inputGradient: Float32Array;
}

/** Buffers and plans for forward/backward on demand; one per model, made on first use. */
export class Differentiator {
  private readonly ws: Workspace;
  private readonly blocks: Block[] = [];
  private readonly stage: number;
  private readonly dx: number;
  private readonly forwardPlan: Plan;
  private readonly backwardPlan: Plan;

  constructor(private readonly model: Model) {
    const engine = model.engine, C = model.chunk;
    this.ws = new Workspace(engine, model.layers, C);
    try {
      const alloc = (floats: number) => {
        const b = engine.alloc(floats * 4);
        this.blocks.push(b);
        return b.ptr;
      };
      const widest = Math.max(model.inputs, model.layers[model.layers.length - 1]!.units);
      this.stage = alloc(C * widest);
      this.dx = alloc(C * model.inputs);
      const forward = new PlanBuilder();
      model.emitForward(forward, this.ws, true);
      // Forward in training mode, then backward from the dY staged in the last layer's dy
      // (forward ops never write a dy buffer) down to dX.
      const backward = new PlanBuilder();
      model.emitForward(backward, this.ws);
      model.emitBackward(backward, this.ws, undefined, this.dx, false);
      this.forwardPlan = forward.build(engine);
      try {
        this.backwardPlan = backward.build(engine);
      } catch (e) {
        this.forwardPlan.release();
        throw e;
      }
    } catch (e) {
      this.release();
      throw e;
    }
  }

  /** Every layer's outputs (and pre-activations) for n points given flat row-major. */
  forward(x: ArrayLike<number>, n: number, options: ForwardOptions): ForwardResult {
    const layers = this.model.layers;
    const post = layers.map((l) => new Float32Array(n * l.units));
    const pre = options.preActivations ? layers.map((l) => new Float32Array(n * l.units)) : undefined;
    this.eachChunk(x, n, (start, B) => {
      this.forwardPlan.run(B);
      layers.forEach((l, i) => {
        const buf = this.ws.layers[i]!;
        copyColumnsToRows(this.model.engine.f32(buf.y, l.units * B), post[i]!, start, B, l.units);
        if (pre) copyColumnsToRows(this.model.engine.f32(buf.z, l.units * B), pre[i]!, start, B, l.units);
      });
    });
    const result: ForwardResult = { output: post[post.length - 1]!, activations: post };
    if (pre) result.preActivations = pre;
    return result;
  }

  /** Gradients for the output gradient dY (n × units row-major) at n points x. */
  backward(x: ArrayLike<number>, n: number, dY: ArrayLike<number>): BackwardResult {
    const m = this.model, engine = m.engine, P = m.paramCount, D = m.inputs;
    const units = m.layers[m.layers.length - 1]!.units;
    const last = this.ws.layers[this.ws.layers.length - 1]!;
    const inputGradient = new Float32Array(n * D);
    let gradient: Float32Array | undefined;
    let sum: Float64Array | undefined;
    this.eachChunk(x, n, (start, B) => {
      const stage = engine.f32(this.stage, B * units);
      for (let i = 0; i < B * units; i++) stage[i] = dY[start * units + i]!;
      engine.kernels.transpose_f32(last.dy, this.stage, B, units);
      this.backwardPlan.run(B);
      const g = engine.f32(m.grads.ptr, P);
      if (n <= m.chunk) gradient = g.slice();
      else {
        sum ??= new Float64Array(P);
        for (let i = 0; i < P; i++) sum[i]! += g[i]!;
      }
      copyColumnsToRows(engine.f32(this.dx, D * B), inputGradient, start, B, D);
    });
    return { gradient: gradient ?? Float32Array.from(sum!), inputGradient };
  }

  private eachChunk(x: ArrayLike<number>, n: number, run: (start: number, B: number) => void): void {
    const engine = this.model.engine, D = this.model.inputs, C = this.model.chunk;
    for (let start = 0; start < n; start += C) {
      const B = Math.min(C, n - start);
      const stage = engine.f32(this.stage, B * D);
      if (x instanceof Float32Array) stage.set(x.subarray(start * D, (start + B) * D));
      else for (let i = 0; i < B * D; i++) stage[i] = x[start * D + i]!;
      engine.kernels.transpose_f32(this.ws.x, this.stage, B, D);
      run(start, B);
    }
  }

  release(): void {
    this.forwardPlan?.release();
    this.backwardPlan?.release();
    this.ws.release();
    for (const b of this.blocks.splice(0)) this.model.engine.release(b);
  }
}

/** out[(start + b)·D + d] = cols[d·B + b]: a feature-major chunk back to rows. */
export function copyColumnsToRows(cols: Float32Array, out: Float32Array, start: number, B: number, D: number): void {
  for (let d = 0; d < D; d++) {
    for (let b = 0; b < B; b++) out[(start + b) * D + d] = cols[d * B + b]!;
  }
}
