// The representation's box while training: it grows at once to take in a
// point leaving it, shrinks only a fraction of the gap per frame, starts over
// for a new layer or model, and fits exactly after reset().
import { describe, expect, it } from 'vitest';
import { SmoothedView } from '../../src/explorer/smoothed-view.js';

const box = (xmin: number, xmax: number, ymin: number, ymax: number) => ({ xmin, xmax, ymin, ymax });

describe('SmoothedView', () => {
  it('takes the first fit as it is', () => {
    expect(new SmoothedView().next(box(-1, 1, -2, 2), 'a')).toEqual(box(-1, 1, -2, 2));
  });

  it('grows at once on each side a point leaves by', () => {
    const v = new SmoothedView();
    v.next(box(-1, 1, -1, 1), 'a');
    expect(v.next(box(-3, 0.5, -1, 4), 'a')).toEqual({ xmin: -3, xmax: expect.closeTo(0.96, 6), ymin: -1, ymax: 4 });
  });

  it('shrinks slowly: a tenfold smaller fit is reached over many frames, never overshot', () => {
    const v = new SmoothedView();
    v.next(box(-10, 10, -10, 10), 'a');
    const first = v.next(box(-1, 1, -1, 1), 'a');
    expect(first.xmax).toBeGreaterThan(9); // one frame moves it less than a tenth of the way
    let last = first;
    for (let i = 0; i < 100; i++) last = v.next(box(-1, 1, -1, 1), 'a');
    expect(last.xmax).toBeGreaterThan(1);
    expect(last.xmax).toBeLessThan(1.01);
    expect(last.xmin).toBeLessThan(-1);
  });

  it('starts over for a new key, and after reset()', () => {
    const v = new SmoothedView();
    v.next(box(-10, 10, -10, 10), 'a');
    expect(v.next(box(-1, 1, -1, 1), 'b')).toEqual(box(-1, 1, -1, 1));
    v.next(box(-10, 10, -10, 10), 'b');
    v.reset();
    expect(v.next(box(-1, 1, -1, 1), 'b')).toEqual(box(-1, 1, -1, 1));
  });
});
