/**
 * A contact sheet of digit images as PNG: each cell shows the image (scaled
 * 2×, ink dark on white) over a strip of ten ticks — the true class marked
 * green, the predicted class red — so a mistake can be read off at a glance.
 */
import { encode } from 'fast-png';

export interface DigitCell {
  /** height × width grey levels in [0, 1]. */
  pixels: ArrayLike<number>;
  label: number;
  predicted: number;
}

export function digitSheetPng(cells: DigitCell[], height: number, width: number, columns = 10): Uint8Array {
  const scale = 2, pad = 4, strip = 6;
  const cellW = width * scale + pad, cellH = height * scale + strip + pad;
  const rows = Math.max(1, Math.ceil(cells.length / columns));
  const W = columns * cellW + pad, H = rows * cellH + pad;
  const data = new Uint8Array(W * H * 3).fill(255);
  const put = (x: number, y: number, r: number, g: number, b: number) => {
    const o = (y * W + x) * 3;
    data[o] = r; data[o + 1] = g; data[o + 2] = b;
  };
  cells.forEach((cell, i) => {
    const x0 = pad + (i % columns) * cellW, y0 = pad + Math.floor(i / columns) * cellH;
    for (let y = 0; y < height * scale; y++) {
      for (let x = 0; x < width * scale; x++) {
        const v = Math.round(255 * (1 - Math.min(1, Math.max(0, cell.pixels[Math.floor(y / scale) * width + Math.floor(x / scale)]!))));
        put(x0 + x, y0 + y, v, v, v);
      }
    }
    const tick = Math.floor((width * scale) / 10);
    for (let c = 0; c < 10; c++) {
      const colour: [number, number, number] = c === cell.label ? [0, 150, 60] : c === cell.predicted ? [210, 30, 30] : [220, 220, 220];
      for (let y = 0; y < strip - 2; y++) for (let x = 1; x < tick; x++) put(x0 + c * tick + x, y0 + height * scale + 2 + y, ...colour);
    }
  });
  return encode({ width: W, height: H, data, channels: 3, depth: 8 });
}
