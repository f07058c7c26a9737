/**
 * Finds and reads the compiled kernels. Bundled (dist/), the wasm files sit
 * beside the module and are named by one literal URL each (wasm-simd.ts,
 * wasm-relaxed.ts), so an app's bundler emits them; an app can also hand the
 * kernels over itself (`EngineOptions.wasm`: bytes, a URL or a Module). Run from
 * the sources (tests), Node falls back to build/. Read with fs in Node and with
 * fetch elsewhere.
 */
import { WasmNotFoundError } from '../errors.js';
import type { WasmVariant } from './features.js';
import { relaxedWasmUrl } from './wasm-relaxed.js';
import { simdWasmUrl } from './wasm-simd.js';

/** What `EngineOptions.wasm` accepts: compiled bytes, a compiled module, or where to load the bytes from. */
export type WasmSource = ArrayBuffer | ArrayBufferView | WebAssembly.Module | URL | string;

const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';

// Every wasm module starts with these four bytes; a dev server's HTML fallback page does not.
const WASM_MAGIC = [0x00, 0x61, 0x73, 0x6d];

export function wasmFileName(variant: WasmVariant): string {
  return `untangle.${variant}.wasm`;
}

/**
 * Where the shipped file is looked for: beside the module, then (Node, from the
 * sources) in build/. The fallback path is joined at run time on purpose: as a
 * literal, a bundler would try to resolve a folder the package does not ship.
 */
function candidates(variant: WasmVariant): URL[] {
  const beside = variant === 'relaxed' ? relaxedWasmUrl() : simdWasmUrl();
  if (!isNode || beside.protocol !== 'file:') return [beside];
  return [beside, new URL(['..', '..', 'build', wasmFileName(variant)].join('/'), import.meta.url)];
}

function isWasm(bytes: Uint8Array): boolean {
  return WASM_MAGIC.every((b, i) => bytes[i] === b);
}

/** Bytes at `url`, or why not (a short reason for the error message). */
async function fetchBytes(url: URL): Promise<Uint8Array | string> {
  if (isNode && url.protocol === 'file:') {
    const fs = await import('node:fs/promises');
    try {
      const bytes = new Uint8Array(await fs.readFile(url));
      return isWasm(bytes) ? bytes : 'not wasm';
    } catch (error) {
      return (error as NodeJS.ErrnoException).code ?? String(error);
    }
  }
  try {
    const response = await fetch(url);
    if (!response.ok) return `HTTP ${response.status}`;
    const bytes = new Uint8Array(await response.arrayBuffer());
    return isWasm(bytes) ? bytes : `not wasm (${response.headers.get('content-type') ?? 'no content type'})`;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

function notFound(variant: WasmVariant, tried: string[]): WasmNotFoundError {
  const file = wasmFileName(variant);
  return new WasmNotFoundError(
    `cannot load Untangle's ${variant} kernels (${file}); tried ${tried.join(', ')}. ` +
      `In an app, serve ${file} from the package's dist/ folder beside the JavaScript that imports Untangle ` +
      `(bundlers that follow new URL('./${file}', import.meta.url), such as Vite, webpack 5 and rollup with an asset plugin, copy it for you), ` +
      `or pass the kernels yourself: createEngine({ variant: '${variant}', wasm }) with wasm = the bytes, their URL or a WebAssembly.Module.`,
    variant,
    tried,
  );
}

/** The shipped kernels of one variant, as bytes. Throws WasmNotFoundError (code WASM_NOT_FOUND) naming every place tried. */
export async function readWasm(variant: WasmVariant): Promise<Uint8Array> {
  const tried: string[] = [];
  for (const url of candidates(variant)) {
    const bytes = await fetchBytes(url);
    if (typeof bytes !== 'string') return bytes;
    tried.push(`${url.href} (${bytes})`);
  }
  throw notFound(variant, tried);
}

/** Resolves a string the way a page resolves a link; in Node, a string that is not a URL is a file path. */
async function toUrl(source: string): Promise<URL> {
  try {
    return new URL(source);
  } catch {
    // not an absolute URL
  }
  // A page resolves against its document; a worker (no document) against its own location.
  const scope = globalThis as { document?: { baseURI?: string }; location?: { href?: string } };
  const base = scope.document?.baseURI ?? scope.location?.href;
  if (base) return new URL(source, base);
  if (isNode) {
    const { pathToFileURL } = await import('node:url');
    return pathToFileURL(source);
  }
  throw new WasmNotFoundError(`wasm: '${source}' is not an absolute URL and there is no page or worker location to resolve it against`, 'custom', [source]);
}

/** Compiles what an app passed as `EngineOptions.wasm`. */
export async function compileWasmSource(source: WasmSource, variant: WasmVariant): Promise<WebAssembly.Module> {
  if (source instanceof WebAssembly.Module) return source;
  if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) return WebAssembly.compile(source as BufferSource);
  const url = source instanceof URL ? source : await toUrl(source);
  const bytes = await fetchBytes(url);
  if (typeof bytes === 'string') {
    throw new WasmNotFoundError(
      `cannot load the kernels passed as wasm: ${url.href} (${bytes}); the URL must serve ${wasmFileName(variant)} (or the other variant's file with a matching variant option)`,
      variant,
      [`${url.href} (${bytes})`],
    );
  }
  return WebAssembly.compile(bytes as BufferSource);
}
