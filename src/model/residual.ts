/**
 * A residual block: inner layers F whose output is added to the block's input.
 *
 *   forward:   Y = F(X) + X                (F's output shape must be X's)
 *   backward:  dF = dY  →  F's backward gives dX_F;  dX = dX_F + dY
 *
 * The inner layers are ordinary layers built from their specs through the layer
 * registry; they own consecutive slices of the block's slice of the parameter
 * block, so the block's parameters are theirs, in order. The skip connection is
 * the ADD op (assembly/kernels/add.ts): one add forward, and backward a copy of
 * dY into F's last output gradient (inner backwards turn their dY into dZ in
 * place) and an add of dY into the dX that F's first layer overwrote.
 */
import { perBatch } from '../engine/abi.js';
import type { KernelExports } from '../engine/abi.js';
import type { Random } from '../engine/random.js';
import { OptionError } from '../errors.js';
import type { Allocate, Layer, LayerBuffers, LayerJSON, LayerKind, Shape } from './layer.js';
import { shapeSize } from './layer.js';
import { describeValue, fail, sameShape } from './json-checks.js';
import type { PlanBuilder } from './plan-builder.js';
import type { LayerSpec } from './model.js';

/** A residual block: the inner layers' output plus the block's input (the shapes must match). */
export interface ResidualSpec {
  type: 'residual';
  /** The inner layers, in order; the last one's output shape must equal the block's input shape. */
  layers: LayerSpec[];
}

/** A residual block in a saved model: its input shape and its inner layers, each saved as on its own. */
export interface ResidualJSON {
  type: 'residual';
  inputShape: Shape;
  layers: LayerJSON[];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type KindOf = (type: unknown) => LayerKind<any, LayerJSON> | undefined;

const sameShapes = (a: Shape, b: Shape): boolean => a.channels === b.channels && a.height === b.height && a.width === b.width;
const shapeText = (s: Shape): string => `${s.channels}×${s.height}×${s.width}`;

export class Residual implements Layer {
  readonly type = 'residual' as const;
  readonly activation = 'linear' as const;
  readonly outputShape: Shape;
  readonly inputs: number;
  readonly units: number;
  readonly paramCount: number;

  constructor(readonly inputShape: Shape, readonly inner: readonly Layer[], readonly offset: number) {
    this.outputShape = inputShape;
    this.inputs = shapeSize(inputShape);
    this.units = this.inputs;
    this.paramCount = inner.reduce((n, l) => n + l.paramCount, 0);
  }

  /** A block has no bias of its own: its whole slice counts as weights (the inner layers tell theirs apart). */
  get weightCount(): number {
    return this.paramCount;
  }

  get biasOffset(): number {
    return this.offset + this.paramCount;
  }

  get frozen(): readonly (readonly [number, number])[] {
    return this.inner.flatMap((l) => l.frozen ?? []);
  }

  /** The inner layers with a weight penalty, nested blocks opened: the model adds their penalties after the block's backward. */
  get penalised(): readonly Layer[] {
    return this.inner.flatMap((l) => (l instanceof Residual ? l.penalised : l.penalty ? [l] : []));
  }

  allocate(alloc: Allocate, B: number): LayerBuffers {
    const inner = this.inner.map((l) => l.allocate(alloc, B));
    const y = alloc(this.units * B);
    return { z: y, y, dy: alloc(this.units * B), extra: {}, inner };
  }

  scratchFloats(kernels: KernelExports, B: number): number {
    return Math.max(0, ...this.inner.map((l) => l.scratchFloats(kernels, B)));
  }

  initialise(params: Float32Array, random: Random): void {
    for (const l of this.inner) l.initialise(params, random);
  }

  emitForward(plan: PlanBuilder, x: number, buf: LayerBuffers, params: number, scratch: number, forwardOnly = false): void {
    const bufs = buf.inner!;
    let input = x;
    this.inner.forEach((l, j) => {
      l.emitForward(plan, input, bufs[j]!, params, scratch, forwardOnly);
      input = bufs[j]!.y;
    });
    plan.add({ y: buf.y, a: input, b: x, n: perBatch(this.units) });
  }

  emitBackward(plan: PlanBuilder, x: number, buf: LayerBuffers, dx: number, params: number, grads: number, scratch: number): void {
    const bufs = buf.inner!;
    const n = perBatch(this.units);
    plan.add({ y: bufs[bufs.length - 1]!.dy, a: buf.dy, b: 0, n });
    for (let j = this.inner.length - 1; j >= 0; j--) {
      const input = j === 0 ? x : bufs[j - 1]!.y;
      const dInput = j === 0 ? dx : bufs[j - 1]!.dy;
      this.inner[j]!.emitBackward(plan, input, bufs[j]!, dInput, params, grads, scratch);
    }
    if (dx !== 0) plan.add({ y: dx, a: dx, b: buf.dy, n });
  }

  toJSON(params: Float32Array): ResidualJSON {
    return { type: 'residual', inputShape: this.inputShape, layers: this.inner.map((l) => l.toJSON(params)) };
  }
}

/**
 * @internal The residual block's spec, file and loading rules. It finds its inner
 * layers' kinds through `kindOf` (layer-kinds.ts passes its lookup), so this file
 * does not import the registry that lists it.
 */
export function residualKindOver(kindOf: KindOf): LayerKind<ResidualSpec, ResidualJSON> {
  return {
    type: 'residual',
    build(spec, input, offset, where) {
      if (!Array.isArray(spec.layers) || spec.layers.length === 0) throw new OptionError(`${where}: a residual block needs a non-empty layers list`, `${where}.layers`);
      let shape = input, at = offset;
      const inner = spec.layers.map((s, j) => {
        const path = `${where}.layers[${j}]`;
        const type = s?.type ?? 'dense';
        const kind = kindOf(type);
        if (!kind) throw new OptionError(`${path}: unknown layer type '${String(type)}'`, `${path}.type`);
        if (type === 'vectorfield') throw new OptionError(`${path}: a vectorfield layer cannot sit inside a residual block (its anchors are placed on data passed through the layers before it)`, `${path}.type`);
        const layer = kind.build(s, shape, at, path, false);
        at += layer.paramCount;
        shape = layer.outputShape;
        return layer;
      });
      if (!sameShapes(shape, input)) {
        throw new OptionError(`${where}: a residual block adds its input to its inner layers' output, so their shapes must match: input ${shapeText(input)}, inner output ${shapeText(shape)}`, `${where}.layers`);
      }
      return new Residual(input, inner, offset);
    },
    parse(l, input, where) {
      const shape = sameShape(l.inputShape, input, where);
      if (!Array.isArray(l.layers) || l.layers.length === 0) fail(`${where}.layers must be a non-empty array`, `${where}.layers`);
      let at = shape;
      const layers = Array.from(l.layers as unknown[], (raw, j): LayerJSON => {
        const path = `${where}.layers[${j}]`;
        if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) fail(`${path} must be an object, got ${describeValue(raw)}`, path);
        const r = raw as Record<string, unknown>;
        const kind = kindOf(r.type);
        if (!kind || r.type === 'vectorfield') fail(`${path}.type is ${describeValue(r.type)}, not a layer a residual block can hold`, `${path}.type`);
        const [json, out] = kind.parse(r, at, path);
        at = out;
        return json;
      });
      if (!sameShapes(at, shape)) fail(`${where}.layers end in shape ${shapeText(at)}, the block's input is ${shapeText(shape)}`, `${where}.layers`);
      return [{ type: 'residual', inputShape: shape, layers }, shape];
    },
    specOf: (l) => ({ type: 'residual', layers: l.layers.map((j) => kindOf(j.type)!.specOf(j) as LayerSpec) }),
    load(layer, params, l) {
      const inner = (layer as Residual).inner;
      l.layers.forEach((j, k) => kindOf(j.type)!.load(inner[k]!, params, j));
    },
  };
}
