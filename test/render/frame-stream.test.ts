// The player's packed data: what UNPACK_JS gives back is exactly what was pushed,
// whatever the predictions did to it on the way (frame differences, differences
// along grid lines, orders as ranks, zigzag, wrap-around at the ends of Int16).
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { FrameStream, UNPACK_JS, type FrameOffsets } from '../../src/render/frame-stream.js';
import { rng } from './synthetic.js';

interface Unpacked { D: { n: number; frames: FrameOffsets[]; note: string }; Q: Int16Array }

async function unpack(text: string): Promise<Unpacked> {
  return runInNewContext(`${UNPACK_JS}; unpack(text)`, {
    text, atob: (s: string) => Buffer.from(s, 'base64').toString('latin1'),
    JSON, DataView, Int16Array, Uint8Array, TextDecoder, Response, Blob, DecompressionStream,
  }) as Promise<Unpacked>;
}

/** A random frame: n points, lines of the given lengths, and a drawing order when `ordered`. */
function frame(random: () => number, n: number, lens: number[], ordered: boolean) {
  const coord = () => (random() < 0.02 ? NaN : (random() - 0.5) * 20000);
  const order = Array.from({ length: n }, (_, i) => i).sort(() => random() - 0.5);
  return { points: Array.from({ length: 2 * n }, coord), lines: lens.map((m) => Array.from({ length: 2 * m }, coord)), order: ordered ? order : null };
}

describe('FrameStream', () => {
  it.each([
    ['one frame, one point, a line of 1 point', 1, [[1]], false],
    ['17 frames alike, odd sizes, lines of 1, 3 and 33 points', 5, Array.from({ length: 17 }, () => [1, 3, 33]), false],
    ['frames alike with drawing orders (3-D)', 33, Array.from({ length: 5 }, () => [17, 5]), true],
    ['frames that change layout: only same-sized neighbours are differences', 3, [[4], [4], [4, 2], [4, 2], [], [5]], true],
  ] as const)('unpacks exactly what was pushed: %s', async (_name, n, layout, ordered) => {
    const random = rng(7);
    const stream = new FrameStream();
    const offsets: FrameOffsets[] = [];
    const expected: number[] = [];
    for (const lens of layout) {
      const f = frame(random, n, [...lens], ordered);
      const pts = stream.length;
      f.points.forEach((v) => stream.push(v));
      const grid = stream.length;
      f.lines.flat().forEach((v) => stream.push(v));
      let order = -1;
      if (f.order) { order = stream.length; stream.pushOrder(f.order); }
      offsets.push({ pts, grid, lens: [...lens], order, d: 0 });
      const q = (v: number) => (Number.isFinite(v) ? Math.max(-32767, Math.min(32767, Math.round(v * 4))) : -32768);
      expected.push(...f.points.map(q), ...f.lines.flat().map(q), ...(f.order ?? []));
    }
    stream.predict(offsets);
    // Frames laid out like the frame before are the ones stored as differences.
    offsets.forEach((f, i) => expect(f.d, `frame ${i}`).toBe(i > 0 && String(layout[i]) === String(layout[i - 1]) ? 1 : 0));
    const { D, Q } = await unpack(stream.pack({ n, frames: offsets, note: 'β → λ · ü' }));
    expect(D.note).toBe('β → λ · ü');
    expect(D.frames).toEqual(offsets);
    expect(Array.from(Q)).toEqual(expected);
  });

  it('packs smooth motion far smaller than the same values unpredicted', () => {
    const packed = (predicted: boolean) => {
      const stream = new FrameStream();
      const offsets: FrameOffsets[] = [];
      for (let f = 0; f < 20; f++) {
        const pts = stream.length;
        for (let k = 0; k < 200; k++) stream.push(100 + 80 * Math.cos(k / 30 + f / 10));
        offsets.push({ pts, grid: stream.length, lens: [100], order: -1, d: 0 });
        for (let k = 0; k < 100; k++) { stream.push(3 * k + f); stream.push(150 + 50 * Math.sin(k / 15 + f / 20)); }
      }
      if (predicted) stream.predict(offsets);
      return stream.pack({ frames: offsets }).length;
    };
    expect(packed(true)).toBeLessThan(0.5 * packed(false));
  });
});
