/**
 * The engine: one wasm instance of the kernels over one `WebAssembly.Memory`,
 * and the arena that hands that memory out. Everything numeric in Untangle runs
 * through an engine; models and data sets hold offsets into its memory.
 */
import { instantiate } from '@assemblyscript/loader';
import { KERNEL_NAMES, type KernelExports } from './abi.js';
import { Arena, type Block } from './arena.js';
import { bestVariant, supportsRelaxedSimd, type WasmVariant } from './features.js';
import { compileWasmSource, readWasm, type WasmSource } from './wasm-source.js';
import { InternalError, OptionError, UnsupportedError } from '../errors.js';

/** How {@link createEngine} loads the kernels. */
export interface EngineOptions {
  /**
   * Which build to run. 'auto' (default) picks 'relaxed' where the runtime validates
   * relaxed SIMD (Chromium, Firefox, Node ≥ 22 or Node 20 started with
   * --experimental-wasm-relaxed-simd) and 'simd' elsewhere (plain Node 20).
   *
   * Determinism: the same variant, seed and options give the same bits in every runtime
   * (the relaxed build fuses multiply-add, so it rounds differently from 'simd'). 'auto' can
   * therefore give different bits in Node and in a browser; to get the same bits everywhere,
   * pass the same variant in both — 'simd' runs everywhere Untangle runs. The chosen build is
   * `engine.variant`.
   */
  variant?: WasmVariant | 'auto';
  /**
   * The kernels, when the app provides them instead of letting the engine find
   * the shipped file beside the module: the bytes, a compiled
   * `WebAssembly.Module`, or where to fetch them (a `URL`, or a string resolved
   * like a link on the page; in Node a file path). Give the matching `variant`
   * when passing the relaxed build.
   */
  wasm?: WasmSource;
  /** Upper bound on the memory this engine may grow to, in MiB (default 2048). */
  maxMemoryMiB?: number;
}

const compiled = new Map<WasmVariant, Promise<WebAssembly.Module>>();

function compileVariant(variant: WasmVariant): Promise<WebAssembly.Module> {
  let module = compiled.get(variant);
  if (!module) {
    module = readWasm(variant).then((bytes) => WebAssembly.compile(bytes as BufferSource));
    compiled.set(variant, module);
    module.catch(() => compiled.delete(variant));
  }
  return module;
}

/**
 * One instance of the wasm kernels over one `WebAssembly.Memory`. Models,
 * trainers and k-NN heads built on an engine live in its memory; create one
 * with {@link createEngine} and share it.
 */
export class Engine {
  private constructor(
    /** @internal The wasm exports (kernels and plan runner). */
    readonly kernels: KernelExports,
    /** The one memory every model, trainer and data set of this engine lives in. */
    readonly memory: WebAssembly.Memory,
    /** @internal Hands out `memory`. */
    readonly arena: Arena,
    /** The wasm build in use: `simd` or `relaxed`. */
    readonly variant: WasmVariant,
  ) {}

  /** The same as {@link createEngine}. */
  static async create(options: EngineOptions = {}): Promise<Engine> {
    const requested = options.variant ?? 'auto';
    if (requested !== 'auto' && requested !== 'simd' && requested !== 'relaxed') {
      throw new OptionError(`unknown wasm variant '${String(requested)}' (known: auto, simd, relaxed)`, 'variant');
    }
    const variant = requested === 'auto' ? bestVariant() : requested;
    if (variant === 'relaxed' && !supportsRelaxedSimd()) {
      throw new UnsupportedError('this runtime cannot run relaxed SIMD (in Node 20 start it with --experimental-wasm-relaxed-simd); use variant "simd"');
    }
    const source = options.wasm !== undefined ? await compileWasmSource(options.wasm, variant) : await compileVariant(variant);
    const memory = new WebAssembly.Memory({ initial: 16 });
    const { exports } = await instantiate<Record<string, unknown>>(source, { env: { memory } });
    for (const name of KERNEL_NAMES) {
      if (typeof exports[name] !== 'function') throw new InternalError(`wasm module does not export kernel '${name}'`);
    }
    const kernels = exports as unknown as KernelExports;
    const maxBytes = Math.min(2 ** 32 - 65536, (options.maxMemoryMiB ?? 2048) * 2 ** 20);
    return new Engine(kernels, memory, new Arena(memory, kernels.heap_base(), maxBytes), variant);
  }

  /** @internal A fresh Float32Array view; never keep one across an allocation (growth detaches it). */
  f32(ptr: number, count: number): Float32Array {
    return new Float32Array(this.memory.buffer, ptr, count);
  }

  /** @internal A fresh Int32Array view (see f32). */
  i32(ptr: number, count: number): Int32Array {
    return new Int32Array(this.memory.buffer, ptr, count);
  }

  /** @internal A fresh Float64Array view (see f32). */
  f64(ptr: number, count: number): Float64Array {
    return new Float64Array(this.memory.buffer, ptr, count);
  }

  /** @internal Reserves `bytes` of engine memory (16-byte aligned); may grow and detach views. */
  alloc(bytes: number): Block {
    return this.arena.alloc(bytes);
  }

  /** @internal Returns a block to the arena. */
  release(block: Block): void {
    this.arena.release(block);
  }

  /** @internal Runs a construction that allocates several blocks; if it throws, they are all released (see Arena.transaction). */
  transaction<T>(build: () => T): T {
    return this.arena.transaction(build);
  }

  /** @internal Allocates and fills a block from host data in one step. */
  upload(data: Float32Array | Int32Array | Uint32Array): Block {
    const block = this.arena.alloc(data.byteLength);
    new Uint8Array(this.memory.buffer, block.ptr, data.byteLength).set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    return block;
  }
}

/** Loads the kernels and returns a ready engine. */
export function createEngine(options?: EngineOptions): Promise<Engine> {
  return Engine.create(options);
}
