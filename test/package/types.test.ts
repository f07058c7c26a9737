// The published types, as consumers see them: the tarball installed into
// throw-away projects that type-check consumer/usage.ts under each module
// resolution a TypeScript user may pick, with skipLibCheck off so the
// declarations themselves are checked too. Then @arethetypeswrong/cli and
// publint on the same tarball.
import { describe, it, expect, beforeAll, inject } from 'vitest';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { ROOT } from './pack.js';

const run = promisify(execFile);
const { dir, tarball, pkg } = inject('packed');
const consumers = join(dir, 'consumers');

/** Each resolution mode with the `module` setting it requires. */
const MODES = [
  { moduleResolution: 'NodeNext', module: 'NodeNext' },
  { moduleResolution: 'Node16', module: 'Node16' },
  { moduleResolution: 'Bundler', module: 'ESNext' },
] as const;

/** The result of a command that may fail: its exit code and everything it printed. */
async function attempt(file: string, args: string[], cwd: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(file, args, { cwd, encoding: 'utf8', maxBuffer: 16 << 20 });
    return { code: 0, output: stdout + stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === 'number' ? err.code : 1, output: `${err.stdout ?? ''}${err.stderr ?? ''}` };
  }
}

beforeAll(async () => {
  // An offline install, as npm would lay it out: the package itself in
  // node_modules/untangle (npm installs a tarball's files unchanged) and its
  // runtime dependencies beside it, linked from this repository's install.
  // Only `dependencies` are linked: a declaration needing a dev-only package
  // (an @types package, say) would fail to resolve, as it would for users.
  // No @types/node either: the declarations must serve browser projects too.
  const modules = join(consumers, 'node_modules');
  mkdirSync(modules, { recursive: true });
  await run('tar', ['xzf', tarball, '-C', consumers]);
  await run('mv', [join(consumers, 'package'), join(modules, 'untangle')]);
  const manifest = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  for (const name of Object.keys(manifest.dependencies ?? {})) {
    mkdirSync(join(modules, name, '..'), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules', name), join(modules, name), 'dir');
  }
  for (const mode of MODES) {
    const project = join(consumers, mode.moduleResolution.toLowerCase());
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: `consumer-${mode.moduleResolution.toLowerCase()}`, private: true, type: 'module' }));
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({
      compilerOptions: {
        ...mode, target: 'ES2022', lib: ['ES2022', 'DOM'], types: [],
        strict: true, skipLibCheck: false, noEmit: true, noUnusedLocals: false,
      },
      files: ['usage.ts'],
    }));
    copyFileSync(join(ROOT, 'test/package/consumer/usage.ts'), join(project, 'usage.ts'));
  }
}, 30_000);

describe('the published types', () => {
  // One tsc per mode, all at once: they are independent and each is mostly I/O-bound start-up.
  const checks = new Map<string, Promise<{ code: number; output: string }>>();
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const check = (mode: string) => {
    if (!checks.size) for (const m of MODES) {
      const name = m.moduleResolution.toLowerCase();
      checks.set(name, attempt(process.execPath, [tsc, '-p', join(consumers, name)], join(consumers, name)));
    }
    return checks.get(mode.toLowerCase())!;
  };

  for (const mode of MODES) {
    it(`type-check a consumer with moduleResolution ${mode.moduleResolution} (skipLibCheck off)`, async () => {
      const { code, output } = await check(mode.moduleResolution);
      expect(output).toBe('');
      expect(code).toBe(0);
    }, 60_000);
  }

  it('are right by @arethetypeswrong/cli', async () => {
    // esm-only: the package is ESM only ("type": "module", import conditions
    // alone), so a CommonJS require() resolving to ESM is by design, not a finding.
    const attw = join(ROOT, 'node_modules', '@arethetypeswrong', 'cli', 'dist', 'index.js');
    const { code, output } = await attempt(process.execPath, [attw, tarball, '--profile', 'esm-only', '--no-definitely-typed', '--format', 'ascii', '--no-color'], dir);
    expect(code, output).toBe(0);
    // Each entry point resolves to types under both ESM resolutions.
    for (const entry of ['untangle', 'untangle/essay', 'untangle/parallel', 'untangle/render', 'untangle/worker']) expect(output).toContain(`"${entry}"`);
    expect(output).not.toMatch(/node16 \(from ESM\): (?!🟢)|bundler: (?!🟢)/u);
  }, 60_000);

  it('pass publint (warnings and errors)', async () => {
    const bytes = readFileSync(tarball);
    const { messages, pkg: manifest } = await publint({
      pack: { tarball: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) },
      level: 'warning',
    });
    expect(messages.map((m) => `${m.type}: ${formatMessage(m, manifest) ?? m.code}`)).toEqual([]);
  }, 30_000);
});
