/**
 * Finds and reads the compiled kernels. The wasm files sit beside the bundled
 * module (`dist/`) or, when running from source, in `build/`; both are found
 * with `new URL(…, import.meta.url)`, read with fs in Node and fetch in browsers.
 */
import type { WasmVariant } from './features.js';
import { UnsupportedError } from '../errors.js';

const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';

export function wasmFileName(variant: WasmVariant): string {
  return `untangle.${variant}.wasm`;
}

function candidates(variant: WasmVariant): URL[] {
  const file = wasmFileName(variant);
  return [new URL(`./${file}`, import.meta.url), new URL(`../../build/${file}`, import.meta.url)];
}

export async function readWasm(variant: WasmVariant): Promise<ArrayBuffer | Uint8Array> {
  const tried: string[] = [];
  for (const url of candidates(variant)) {
    tried.push(url.href);
    if (isNode && url.protocol === 'file:') {
      const fs = await import('node:fs/promises');
      try {
        return await fs.readFile(url);
      } catch {
        continue;
      }
    }
    try {
      const response = await fetch(url);
      if (response.ok) return await response.arrayBuffer();
    } catch {
      // try the next place
    }
  }
  throw new UnsupportedError(`cannot find the ${variant} wasm kernels; looked at: ${tried.join(', ')} (run \`npm run build\`)`);
}
