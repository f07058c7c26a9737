/**
 * The engine's one linear memory, handed out in blocks.
 *
 * A first-fit allocator with coalescing free list, in TS: kernels never
 * allocate, models reserve everything they need when built (parameters,
 * gradients, optimiser state, batch activations, scratch) and free it when
 * disposed. Memory grows only inside `alloc`, never during a training step.
 * Any growth detaches every typed-array view on the old buffer, so callers take
 * fresh views (`f32`, `i32`) after allocating and never keep them across one.
 */

import { OptionError, OutOfMemoryError, StateError } from '../errors.js';

const PAGE = 65536;
const ALIGN = 64;

export interface Block {
  /** Byte offset into memory. */
  readonly ptr: number;
  /** Size in bytes (rounded up to the alignment). */
  readonly bytes: number;
}

interface FreeRange {
  ptr: number;
  bytes: number;
}

function alignUp(x: number, a: number): number {
  return Math.ceil(x / a) * a;
}

export class Arena {
  private free: FreeRange[] = [];
  private top: number;
  private live = new Map<number, number>();
  /** Open transactions, innermost last: the blocks each has allocated and not yet released. */
  private scopes: Set<number>[] = [];

  constructor(readonly memory: WebAssembly.Memory, base: number, readonly maxBytes = 2 ** 31) {
    this.top = alignUp(base, ALIGN);
  }

  /** Bytes in use by live blocks. */
  get usedBytes(): number {
    let total = 0;
    for (const bytes of this.live.values()) total += bytes;
    return total;
  }

  /**
   * Runs `build`, which may allocate several blocks; if it throws, every block
   * it allocated and did not release is released before the error goes on, so
   * a construction that fails half-way (a workspace, a plan, a trainer) leaves
   * the arena as it found it. Transactions nest: an inner one that succeeds
   * hands its blocks to the outer one.
   */
  transaction<T>(build: () => T): T {
    const scope = new Set<number>();
    this.scopes.push(scope);
    let ok = false;
    try {
      const result = build();
      ok = true;
      return result;
    } finally {
      this.scopes.pop();
      if (ok) {
        const outer = this.scopes[this.scopes.length - 1];
        if (outer) for (const ptr of scope) outer.add(ptr);
      } else {
        // Newest first, so the top folds back as far as it can.
        for (const ptr of [...scope].reverse()) {
          const bytes = this.live.get(ptr);
          if (bytes !== undefined) this.release({ ptr, bytes });
        }
      }
    }
  }

  alloc(bytes: number): Block {
    const block = this.take(bytes);
    this.scopes[this.scopes.length - 1]?.add(block.ptr);
    return block;
  }

  private take(bytes: number): Block {
    if (!(Number.isInteger(bytes) && bytes >= 0)) throw new OptionError(`arena: cannot allocate ${bytes} bytes`, 'bytes');
    const size = alignUp(Math.max(bytes, 1), ALIGN);
    for (let i = 0; i < this.free.length; i++) {
      const range = this.free[i]!;
      if (range.bytes >= size) {
        const ptr = range.ptr;
        range.ptr += size;
        range.bytes -= size;
        if (range.bytes === 0) this.free.splice(i, 1);
        this.live.set(ptr, size);
        return { ptr, bytes: size };
      }
    }
    const ptr = this.top;
    this.ensure(ptr + size);
    this.top = ptr + size;
    this.live.set(ptr, size);
    return { ptr, bytes: size };
  }

  allocF32(count: number): Block {
    return this.alloc(count * 4);
  }

  release(block: Block): void {
    const size = this.live.get(block.ptr);
    if (size === undefined) throw new StateError(`arena: block at ${block.ptr} is not allocated (freed twice?)`);
    this.live.delete(block.ptr);
    for (const scope of this.scopes) scope.delete(block.ptr);
    if (block.ptr + size === this.top) {
      this.top = block.ptr;
      // Fold a free range that now touches the top back into it.
      const last = this.free[this.free.length - 1];
      if (last && last.ptr + last.bytes === this.top) {
        this.top = last.ptr;
        this.free.pop();
      }
      return;
    }
    this.insertFree(block.ptr, size);
  }

  private insertFree(ptr: number, bytes: number): void {
    let i = 0;
    while (i < this.free.length && this.free[i]!.ptr < ptr) i++;
    this.free.splice(i, 0, { ptr, bytes });
    const next = this.free[i + 1];
    if (next && ptr + bytes === next.ptr) {
      this.free[i]!.bytes += next.bytes;
      this.free.splice(i + 1, 1);
    }
    const prev = this.free[i - 1];
    if (prev && prev.ptr + prev.bytes === ptr) {
      prev.bytes += this.free[i]!.bytes;
      this.free.splice(i, 1);
    }
  }

  private ensure(endByte: number): void {
    if (endByte > this.maxBytes) {
      throw new OutOfMemoryError(`out of wasm memory: need ${(endByte / 2 ** 20).toFixed(1)} MiB, limit ${(this.maxBytes / 2 ** 20).toFixed(0)} MiB`, endByte, this.maxBytes);
    }
    const have = this.memory.buffer.byteLength;
    if (endByte <= have) return;
    try {
      this.memory.grow(Math.ceil((endByte - have) / PAGE));
    } catch (e) {
      throw new OutOfMemoryError(`out of wasm memory: cannot grow from ${(have / 2 ** 20).toFixed(1)} to ${(endByte / 2 ** 20).toFixed(1)} MiB (${(e as Error).message})`, endByte, this.maxBytes);
    }
  }
}
