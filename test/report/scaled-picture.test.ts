// A picture wider than the page is drawn at the page's width: every drawing call
// scaled by one factor, so it looks like the picture itself drawn small.
import { describe, expect, it } from 'vitest';
import { hex } from '../../src/render/color.js';
import { rasterize, type Picture } from '../../src/render/pictures.js';
import type { Surface } from '../../src/render/surface.js';
import { fitWidth } from '../../src/report/scaled-picture.js';

const INK = hex('#1f77b4'), RED = hex('#d62728');

/** One of each drawing call, laid out in a picture of `scale` × (400 × 200). */
function scene(scale: number): Picture {
  const k = (v: number) => v * scale;
  return {
    width: k(400), height: k(200),
    draw: (s: Surface) => {
      s.setClip({ x: k(10), y: k(10), w: k(380), h: k(180) });
      s.fillRect(k(20), k(20), k(60), k(40), INK);
      s.strokeRect(k(100), k(20), k(60), k(40), RED, k(3));
      s.circle(k(220), k(40), k(18), INK, RED, k(4));
      s.polylines([Float32Array.of(k(260), k(20), k(380), k(60), k(300), k(90))], k(5), RED, undefined, k(12));
      s.polygon(Float32Array.of(k(20), k(100), k(120), k(100), k(70), k(180)), RED, INK, k(2));
      s.text('scaled 0.5', k(150), k(140), { size: k(3), color: INK });
      s.image(k(300), k(110), k(80), k(60), 2, 2, Uint8Array.of(255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 255, 255, 255, 255));
      s.setClip(null);
      s.fillRect(k(0), k(195), k(400), k(5), INK); // outside the clip once it is lifted
    },
  };
}

describe('fitWidth', () => {
  it('leaves a picture that fits as it is', () => {
    const p = scene(1);
    expect(fitWidth(p, 400)).toBe(p);
  });

  it('draws a wider picture at the width asked, pixel for pixel as the picture laid out at that scale', () => {
    const fitted = fitWidth(scene(1), 200);
    expect([fitted.width, fitted.height]).toEqual([200, 100]);
    const got = rasterize(fitted), want = rasterize(scene(0.5));
    expect(Buffer.from(got.data).equals(Buffer.from(want.data))).toBe(true);
    // …and not like the picture drawn at full size and cut off.
    const cut = rasterize({ ...scene(1), width: 200, height: 100 });
    expect(Buffer.from(got.data).equals(Buffer.from(cut.data))).toBe(false);
  });
});
