// convNetFlops turns a convnet row's examples/s into GFLOP/s, and so into its
// share of the SIMD limit. Hand-worked counts for the two benchmark nets: a wrong
// output size after padding or pooling changes every later layer's count.
import { describe, expect, it } from 'vitest';
import { convLayers } from '../../src/bench/conv-nets.js';
import { convNetFlops } from '../../src/bench/limit.js';

describe('convNetFlops', () => {
  it('LeNet-5 on 28×28: conv 24²·20·25, conv 8²·50·20·25, dense 800·500, dense 500·10', () => {
    const forward = 2 * (24 * 24 * 20 * 25 + 8 * 8 * 50 * 20 * 25 + 800 * 500 + 500 * 10);
    expect(convNetFlops(convLayers('lenet5'), 28)).toEqual({ inference: forward, train: 3 * forward - 2 * 24 * 24 * 20 * 25 });
  });

  it('the ConvNetJS net on 24×24: padded convs keep the size, the 3×3 pool takes 12 to 4, padding taps are no work', () => {
    // Per dimension, a 5-tap kernel with padding 2 over n positions lands inside
    // the image 5n − 6 times (the two edge positions lose 2 and 1 taps each side).
    const conv1 = 2 * 8 * 1 * (24 * 5 - 6) ** 2, conv2 = 2 * 16 * 8 * (12 * 5 - 6) ** 2;
    const forward = conv1 + conv2 + 2 * 4 * 4 * 16 * 10;
    expect(convNetFlops(convLayers('convnetjs-mnist'), 24)).toEqual({ inference: forward, train: 3 * forward - conv1 });
  });

  it('names a layer it cannot count', () => {
    expect(() => convNetFlops([{ type: 'dropout', rate: 0.5 }], 8)).toThrow(/dropout/);
  });
});
