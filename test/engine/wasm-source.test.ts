// Where the kernels come from: the shipped file (found beside the module, or in
// build/ when running from the sources), or whatever an app passes as
// `EngineOptions.wasm`; and the error an app developer sees when neither works.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/engine.js';
import { readWasm } from '../../src/engine/wasm-source.js';
import { WasmNotFoundError, isUntangleError } from '../../src/errors.js';
import { VARIANT } from '../helpers/engine.js';

const ROOT = resolve(fileURLToPath(new URL('../../', import.meta.url)));
const WASM_FILE = join(ROOT, 'build', `untangle.${VARIANT}.wasm`);
const temps: string[] = [];
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Adds two numbers in wasm: a check that an engine really runs the kernels it was given. */
async function sums(wasm: Parameters<typeof createEngine>[0]): Promise<number> {
  const engine = await createEngine(wasm);
  const block = engine.upload(new Float32Array([1.5, 2.25]));
  return Array.from(engine.f32(block.ptr, 2)).reduce((a, b) => a + b, 0) + (engine.variant === VARIANT ? 0 : Number.NaN);
}

describe('the shipped kernels', () => {
  it('readWasm finds them from the sources (build/) and returns wasm bytes', async () => {
    const bytes = await readWasm(VARIANT);
    expect(Array.from(bytes.subarray(0, 4))).toEqual([0x00, 0x61, 0x73, 0x6d]);
    expect(bytes.length).toBe(readFileSync(WASM_FILE).length);
  });
});

describe('EngineOptions.wasm', () => {
  const bytes = readFileSync(WASM_FILE);
  it.each([
    ['bytes (Uint8Array)', () => new Uint8Array(bytes)],
    ['bytes (ArrayBuffer)', () => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)],
    ['a WebAssembly.Module', () => new WebAssembly.Module(bytes)],
    ['a file: URL', () => pathToFileURL(WASM_FILE)],
    ['a URL string', () => pathToFileURL(WASM_FILE).href],
    ['a file path (Node)', () => WASM_FILE],
  ])('accepts %s', async (_, source) => {
    expect(await sums({ variant: VARIANT, wasm: source() })).toBe(3.75);
  });

  it('a URL that serves something else (a dev server\'s HTML page) is WASM_NOT_FOUND, not a compile error', async () => {
    const html = `data:text/html,${encodeURIComponent('<!doctype html><title>app</title>')}`;
    const error = await createEngine({ variant: VARIANT, wasm: html }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WasmNotFoundError);
    expect((error as WasmNotFoundError).message).toMatch(/not wasm \(text\/html/);
  });

  it('a missing file is WASM_NOT_FOUND naming the place', async () => {
    const missing = join(tmpdir(), 'no-such-dir-untangle', 'untangle.simd.wasm');
    const error = await createEngine({ variant: VARIANT, wasm: missing }).catch((e: unknown) => e);
    expect(isUntangleError(error, 'WASM_NOT_FOUND')).toBe(true);
    expect((error as WasmNotFoundError).tried.join(' ')).toContain('no-such-dir-untangle');
  });
});

describe('the bundle without its wasm files (as an app that did not serve them)', () => {
  it('createEngine() throws WASM_NOT_FOUND telling an app developer what to do, not how to build the library', () => {
    const dist = join(ROOT, 'dist');
    if (!existsSync(join(dist, 'index.js'))) throw new Error('dist/ is not built: run `npm run build` first (npm test does)');
    // dist/ without the .wasm files, two folders deep so that no build/ folder sits at ../../build.
    const dir = mkdtempSync(join(tmpdir(), 'untangle-nowasm-'));
    temps.push(dir);
    const app = join(dir, 'a', 'b');
    execFileSync('mkdir', ['-p', app]);
    for (const f of readdirSync(dist)) if (f.endsWith('.js')) copyFileSync(join(dist, f), join(app, f));
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
    const script = `
      import { createEngine } from './index.js';
      try { await createEngine({ variant: '${VARIANT}' }); console.log('{}'); }
      catch (e) { console.log(JSON.stringify({ name: e.name, code: e.code, message: e.message, tried: e.tried })); }`;
    const flags = VARIANT === 'relaxed' ? ['--experimental-wasm-relaxed-simd'] : [];
    const out = JSON.parse(execFileSync(process.execPath, [...flags, '--input-type=module', '-e', script], { cwd: app, encoding: 'utf8' })) as Record<string, unknown>;
    expect(out.name).toBe('WasmNotFoundError');
    expect(out.code).toBe('WASM_NOT_FOUND');
    const message = String(out.message);
    expect(message).toContain(`untangle.${VARIANT}.wasm`);
    expect(message).toMatch(/serve .* beside the JavaScript/);
    expect(message).toMatch(/createEngine\(\{ variant: '\w+', wasm \}\)/);
    expect(message).not.toMatch(/npm run build/);
    expect((out.tried as string[])[0]).toContain(pathToFileURL(app).href);
  }, 30_000);
});
