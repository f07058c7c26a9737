/**
 * A contact sheet of digit images as PNG: each cell shows the image (scaled
 * 2×, ink dark on white) over a strip of ten ticks — the true class marked
 * green, the predicted class red — so a mistake can be read off at a glance.
 * A legend above the cells says so.
 */
import { RasterCanvas } from '../render/raster.js';
import { encodePng } from '../render/png-encode.js';

const TRUE_MARK = [0, 150, 60] as const;
const PREDICTED_MARK = [210, 30, 30] as const;
/** Height of the legend band above the cells. */
const LEGEND = 22;

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
  const W = Math.max(columns * cellW + pad, 330), H = rows * cellH + pad + LEGEND;
  const data = new Uint8Array(W * H * 3).fill(255);
  const put = (x: number, y: number, r: number, g: number, b: number) => {
    const o = (y * W + x) * 3;
    data[o] = r; data[o + 1] = g; data[o + 2] = b;
  };
  cells.forEach((cell, i) => {
    const x0 = pad + (i % columns) * cellW, y0 = LEGEND + pad + Math.floor(i / columns) * cellH;
    for (let y = 0; y < height * scale; y++) {
      for (let x = 0; x < width * scale; x++) {
        const v = Math.round(255 * (1 - Math.min(1, Math.max(0, cell.pixels[Math.floor(y / scale) * width + Math.floor(x / scale)]!))));
        put(x0 + x, y0 + y, v, v, v);
      }
    }
    const tick = Math.floor((width * scale) / 10);
    for (let c = 0; c < 10; c++) {
      const colour: readonly [number, number, number] = c === cell.label ? TRUE_MARK : c === cell.predicted ? PREDICTED_MARK : [220, 220, 220];
      for (let y = 0; y < strip - 2; y++) for (let x = 1; x < tick; x++) put(x0 + c * tick + x, y0 + height * scale + 2 + y, ...colour);
    }
  });
  return encodePng(W, H, withLegend(data, W, H));
}

/** The RGB sheet as RGBA with the legend drawn in its top band. */
function withLegend(rgb: Uint8Array, W: number, H: number): Uint8Array {
  const c = new RasterCanvas(W, H);
  for (let i = 0; i < W * H; i++) {
    c.data[4 * i] = rgb[3 * i]!; c.data[4 * i + 1] = rgb[3 * i + 1]!; c.data[4 * i + 2] = rgb[3 * i + 2]!; c.data[4 * i + 3] = 255;
  }
  const ink = { r: 40, g: 40, b: 40, a: 1 }, style = { size: 1.3, color: ink, baseline: 'middle' as const };
  const mark = (x: number, [r, g, b]: readonly [number, number, number], text: string) => {
    c.fillRect(x, 7, 12, 8, { r, g, b, a: 1 });
    c.text(text, x + 16, 11, style);
  };
  c.text('ticks 0–9:', 4, 11, style);
  mark(78, TRUE_MARK, 'true class');
  mark(188, PREDICTED_MARK, 'predicted class');
  return c.data;
}
