/**
 * A user's project with Untangle installed from the packed tarball, offline:
 * `npm pack` (what npm would publish, from the built dist/) is unpacked into
 * project/node_modules/untangle, and the package's own dependencies (and vite)
 * come from this repository's node_modules, linked one folder up, where Node's
 * and Vite's resolution find them. npm install itself would need the network.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(fileURLToPath(new URL('../../', import.meta.url)));
export const EXAMPLES = join(ROOT, 'examples');

export interface InstalledProject {
  /** The temporary folder holding everything (remove with `remove`). */
  dir: string;
  /** The project folder: node_modules/untangle is the unpacked tarball. */
  project: string;
  /** The installed package's folder. */
  pkg: string;
  remove(): void;
}

/** Packs the repository and installs the tarball into a fresh project; copies `example` (a folder under examples/) into it. */
export function installPacked(example: string): InstalledProject {
  if (!existsSync(join(ROOT, 'dist', 'index.js'))) throw new Error('dist/ is not built: run `npm run build` first (npm test does)');
  const dir = mkdtempSync(join(tmpdir(), 'untangle-example-'));
  const project = join(dir, 'project');
  const pkg = join(project, 'node_modules', 'untangle');
  try {
    cpSync(join(EXAMPLES, example), project, { recursive: true, filter: (src) => !/[\\/](node_modules|dist)$/.test(src) });
    const tarball = execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8' })
      .trim().split('\n').at(-1)!;
    mkdirSync(pkg, { recursive: true });
    execFileSync('tar', ['xzf', join(dir, tarball), '-C', pkg, '--strip-components=1']);
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return { dir, project, pkg, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
