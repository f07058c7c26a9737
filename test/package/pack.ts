// Packs the package once for the whole run (vitest globalSetup of the `package`
// project): `npm pack` gives exactly the files npm would publish, and every
// suite under test/package/ checks that tarball, not the working tree.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

/** The repository root (whose dist/ npm test has just built). */
export const ROOT = resolve(fileURLToPath(new URL('../../', import.meta.url)));

export interface Packed {
  /** Temporary directory holding the tarball and its unpacked copy. */
  dir: string;
  /** Absolute path of the .tgz. */
  tarball: string;
  /** The tarball unpacked: dir/package. */
  pkg: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    packed: Packed;
  }
}

/** `npm pack` into a fresh temporary directory and unpack it there. */
export function packPackage(): Packed {
  const dir = mkdtempSync(join(tmpdir(), 'untangle-pack-'));
  const name = execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8' })
    .trim().split('\n').at(-1)!;
  const tarball = join(dir, name);
  const pkg = join(dir, 'package');
  mkdirSync(pkg);
  execFileSync('tar', ['xzf', tarball, '-C', pkg, '--strip-components=1']);
  return { dir, tarball, pkg };
}

export default function setup(project: TestProject): () => void {
  const packed = packPackage();
  project.provide('packed', packed);
  return () => rmSync(packed.dir, { recursive: true, force: true });
}
