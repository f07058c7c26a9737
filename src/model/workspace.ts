/**
 * The per-batch buffers a plan runs on, for up to `capacity` examples:
 * the input batch X (in×B), each layer's Z, Y and dY (out×B), the labels, the
 * regression targets (out×B), the class probabilities, a stats cell (f64 loss
 * sum, i32 correct count, i32 counted examples) and the GEMM scratch. Sized once; a plan built on it never allocates.
 */
import { InternalError } from '../errors.js';
import type { Block } from '../engine/arena.js';
import type { Engine } from '../engine/engine.js';
import type { Layer, LayerBuffers } from './layer.js';

export class Workspace {
  readonly x: number;
  readonly layers: LayerBuffers[];
  readonly labels: number;
  readonly targets: number;
  readonly probs: number;
  readonly stats: number;
  readonly scratch: number;
  private readonly blocks: Block[] = [];

  constructor(private readonly engine: Engine, layers: readonly Layer[], readonly capacity: number) {
    if (!(Number.isInteger(capacity) && capacity >= 1)) throw new InternalError(`workspace capacity must be a positive integer, got ${capacity}`);
    const B = capacity;
    const floats = (n: number) => {
      const block = engine.alloc(n * 4);
      this.blocks.push(block);
      engine.f32(block.ptr, n).fill(0); // state such as dropout's step counter starts at 0
      return block.ptr;
    };
    const first = layers[0]!;
    const last = layers[layers.length - 1]!;
    try {
      this.x = floats(first.inputs * B);
      this.layers = layers.map((layer) => layer.allocate(floats, B));
      this.labels = floats(B);
      this.targets = floats(last.units * B);
      this.probs = floats(last.units * B);
      this.stats = floats(4);
      this.scratch = floats(Math.max(1, ...layers.map((layer) => layer.scratchFloats(engine.kernels, B))));
    } catch (e) {
      this.release(); // a workspace that did not fit holds nothing
      throw e;
    }
  }

  resetStats(): void {
    this.engine.f64(this.stats, 2).fill(0);
  }

  /**
   * Since the last reset: the summed loss (each batch adds its size times its
   * loss), the correct predictions, and the examples a k-NN loss counted.
   */
  readStats(): { lossSum: number; correct: number; counted: number } {
    const lossSum = this.engine.f64(this.stats, 1)[0]!;
    const correct = this.engine.i32(this.stats + 8, 1)[0]!;
    const counted = this.engine.i32(this.stats + 12, 1)[0]!;
    return { lossSum, correct, counted };
  }

  /** The layers' step state (LayerBuffers.state, inner layers in order) as 32-bit words. */
  readState(): number[] {
    return this.stateCells().map((ptr) => this.engine.i32(ptr, 1)[0]! >>> 0);
  }

  /** Puts back what readState returned (the same layers). */
  writeState(words: readonly number[]): void {
    const cells = this.stateCells();
    if (words.length !== cells.length) throw new InternalError(`workspace state has ${cells.length} words, got ${words.length}`);
    cells.forEach((ptr, i) => (this.engine.i32(ptr, 1)[0] = words[i]! | 0));
  }

  private stateCells(): number[] {
    const cells = (bufs: readonly LayerBuffers[]): number[] => bufs.flatMap((b) => [...(b.state ?? []), ...cells(b.inner ?? [])]);
    return cells(this.layers);
  }

  release(): void {
    for (const block of this.blocks.splice(0)) this.engine.release(block);
  }
}
