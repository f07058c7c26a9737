// The regression data sets: valid, seeded, targets from their formulas, options checked by name.
import { describe, it, expect } from 'vitest';
import { bumpSaddle, bumpSaddleValue, noisySine, makeDataset, validateDataset } from '../../src/data/index.js';

describe('regression data sets', () => {
  it('bump-saddle: targets are the surface at each point without noise, within [−1, 1]²', () => {
    const ds = bumpSaddle({ n: 300, seed: 3 });
    validateDataset(ds);
    expect(ds.targetDim).toBe(1);
    expect(ds.classes).toBe(1);
    for (let i = 0; i < ds.n; i++) {
      const a = ds.x[2 * i]!, b = ds.x[2 * i + 1]!;
      expect(Math.abs(a) <= 1 && Math.abs(b) <= 1).toBe(true);
      expect(ds.targets![i]).toBeCloseTo(bumpSaddleValue(a, b), 5);
    }
    // The surface has a peak at the origin and a saddle's rising and falling directions.
    expect(bumpSaddleValue(0, 0)).toBeGreaterThan(bumpSaddleValue(0.5, 0));
    expect(bumpSaddleValue(1, 0)).toBeGreaterThan(bumpSaddleValue(0, 1));
  });

  it('noisy-sine: the noise has the asked spread around sin(π·f·x); the same seed, the same bits', () => {
    const ds = noisySine({ n: 4000, noise: 0.2, frequency: 2, seed: 5 });
    validateDataset(ds);
    let s2 = 0;
    for (let i = 0; i < ds.n; i++) s2 += (ds.targets![i]! - Math.sin(2 * Math.PI * ds.x[i]!)) ** 2;
    expect(Math.sqrt(s2 / ds.n)).toBeGreaterThan(0.18);
    expect(Math.sqrt(s2 / ds.n)).toBeLessThan(0.22);
    const again = makeDataset('noisy-sine', { n: '4000', noise: '0.2', frequency: 2, seed: 5 });
    expect(Buffer.from(again.targets!.buffer).equals(Buffer.from(ds.targets!.buffer))).toBe(true);
  });

  it.each([
    ['bump-saddle', { noise: -1 }, /bump-saddle: noise/],
    ['noisy-sine', { frequency: 0 }, /noisy-sine: frequency/],
    ['noisy-sine', { n: 1 }, /noisy-sine: n must be/],
  ])('%s %o is rejected by name', (name, options, message) => {
    expect(() => makeDataset(name, options)).toThrow(message);
  });

  it('a data set with broken targets is a DataError naming targets', () => {
    const ds = noisySine({ n: 10 });
    for (const bad of [{ ...ds, targets: new Float32Array(9) }, { ...ds, targets: new Float32Array(10).fill(NaN) }]) {
      let error: unknown;
      try {
        validateDataset(bad);
      } catch (e) {
        error = e;
      }
      expect((error as { code?: string }).code).toBe('BAD_DATA');
      expect((error as { field?: string }).field).toBe('targets');
    }
  });
});

describe('splitting a regression data set', () => {
  it('targets follow their rows into train and test', async () => {
    const { splitDataset } = await import('../../src/data/index.js');
    const ds = noisySine({ n: 40, seed: 9 });
    const { train, test } = splitDataset(ds, { testFraction: 0.25, seed: 2 });
    expect(train.n + test.n).toBe(40);
    expect(test.n).toBe(10);
    for (const part of [train, test]) {
      validateDataset(part);
      for (let k = 0; k < part.n; k++) {
        const i = Array.from(ds.x).indexOf(part.x[k]!);
        expect(part.targets![k]).toBe(ds.targets![i]);
      }
    }
  });
});
