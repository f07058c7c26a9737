// The convolution path choice (src/model/conv-cost.ts): a pure function of the
// layer's shape, so a saved model and a seed train with the same kernels, hence
// the same bits, on every run; stride > 1 never takes the flipped-filter input
// gradient (that identity holds for stride 1 only).
import { describe, expect, it } from 'vitest';
import { chooseConvPaths, convFeatures, inputGradientGeometry, PREDICTION_DIRECT_MIN_KERNEL, PREDICTION_WINOGRAD_MIN_CHANNELS, type ConvGeometry } from '../../src/model/conv-cost.js';
import { Random } from '../../src/engine/random.js';

const LENET_CONV2: ConvGeometry = { channels: 20, height: 12, width: 12, filters: 50, kernel: 5, stride: 1, padding: 0 };

function randomGeometry(r: Random): ConvGeometry {
  const kernel = 1 + 2 * r.int(3);
  const side = kernel + r.int(30);
  return { channels: 1 + r.int(40), height: side, width: side + r.int(3), filters: 1 + r.int(70), kernel, stride: 1 + r.int(3), padding: r.int(kernel) };
}

describe('conv path cost model', () => {
  it('is a pure function of the shape (same answer every call, whatever was asked in between)', () => {
    const r = new Random(3);
    const shapes = Array.from({ length: 200 }, () => randomGeometry(r));
    const first = shapes.map((g) => chooseConvPaths(g));
    const again = [...shapes].reverse().map((g) => chooseConvPaths(g)).reverse();
    expect(again).toEqual(first);
  });

  it('never takes the direct input gradient at stride > 1', () => {
    const r = new Random(4);
    for (let i = 0; i < 300; i++) {
      const g = { ...randomGeometry(r), stride: 2 + r.int(2) };
      expect(chooseConvPaths(g).directInputGradient, JSON.stringify(g)).toBe(false);
    }
  });

  it('prediction goes direct wherever training does, and from 5×5 up even where training takes GEMM', () => {
    const r = new Random(5);
    for (let i = 0; i < 300; i++) {
      const g = randomGeometry(r);
      const paths = chooseConvPaths(g);
      if (paths.directForward) expect(paths.directPrediction, JSON.stringify(g)).toBe(true);
      else expect(paths.directPrediction, JSON.stringify(g)).toBe(g.kernel >= PREDICTION_DIRECT_MIN_KERNEL);
    }
    // The shape test/model/conv.test.ts checks against the f64 reference on both paths.
    const split = { channels: 1, height: 7, width: 7, filters: 20, kernel: 5, stride: 1, padding: 0 };
    expect(chooseConvPaths(split)).toMatchObject({ directForward: false, directPrediction: true });
  });

  it('prediction runs Winograd F(4, 5) exactly for 5×5, stride-1 layers over enough channels', () => {
    const r = new Random(6);
    for (let i = 0; i < 300; i++) {
      const g = randomGeometry(r);
      const want = g.kernel === 5 && g.stride === 1 && g.channels >= PREDICTION_WINOGRAD_MIN_CHANNELS;
      expect(chooseConvPaths(g).winogradPrediction, JSON.stringify(g)).toBe(want);
    }
    expect(chooseConvPaths(LENET_CONV2).winogradPrediction).toBe(true);
    expect(chooseConvPaths({ ...LENET_CONV2, channels: 1 }).winogradPrediction).toBe(false);
    expect(chooseConvPaths({ ...LENET_CONV2, stride: 2 }).winogradPrediction).toBe(false);
  });

  it('training runs Winograd where it would run direct and the shape (or the input gradient seen as a convolution) qualifies', () => {
    const r = new Random(7);
    const qualifies = (g: ConvGeometry) => g.kernel === 5 && g.stride === 1 && g.channels >= PREDICTION_WINOGRAD_MIN_CHANNELS;
    for (let i = 0; i < 300; i++) {
      const g = randomGeometry(r);
      const paths = chooseConvPaths(g);
      expect(paths.winogradForward, JSON.stringify(g)).toBe(paths.directForward && qualifies(g));
      expect(paths.winogradInputGradient, JSON.stringify(g)).toBe(paths.directInputGradient && qualifies(inputGradientGeometry(g)));
    }
    // E7's conv2 (12 → 24 channels, 14×14, pad 2) takes both; its conv1 (1 channel in) neither, and has no input gradient to compute.
    const e7conv2 = { channels: 12, height: 14, width: 14, filters: 24, kernel: 5, stride: 1, padding: 2 };
    expect(chooseConvPaths(e7conv2)).toMatchObject({ winogradForward: true, winogradInputGradient: true });
    expect(chooseConvPaths({ ...e7conv2, channels: 1, height: 28, width: 28, filters: 12 }).winogradForward).toBe(false);
    // Fewer than 8 filters: dZ has too few channels for the input gradient, the forward still qualifies.
    expect(chooseConvPaths({ ...e7conv2, filters: 7 })).toMatchObject({ winogradForward: true, winogradInputGradient: false });
  });

  it('features: every tap is valid without padding, fewer with it; real share of 4-filter blocks', () => {
    const f = convFeatures(LENET_CONV2);
    expect(f[0]).toBe(1);
    expect(f[1]).toBeCloseTo(Math.log(50), 12);
    expect(f[3]).toBeCloseTo(Math.log(64), 12); // 8×8 output pixels
    expect(f[5]).toBe(1);
    expect(f[6]).toBeCloseTo(50 / 52, 12);
    // 3×3, pad 1 on a 4-pixel side: per axis 10 of 12 taps land inside (the two corners' outer taps miss).
    expect(convFeatures({ channels: 1, height: 4, width: 4, filters: 4, kernel: 3, stride: 1, padding: 1 })[5]).toBeCloseTo((10 / 12) ** 2, 12);
  });

  it('the input gradient is seen as a convolution of dZ: F channels in, C out, padding K − 1 − pad', () => {
    expect(inputGradientGeometry(LENET_CONV2)).toEqual({ channels: 50, height: 8, width: 8, filters: 20, kernel: 5, stride: 1, padding: 4 });
  });
});
