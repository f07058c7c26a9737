/**
 * A small RGBA raster canvas (Uint8Array, straight alpha, row-major, 4 bytes a
 * pixel) with anti-aliased drawing: coverage is computed per pixel from exact
 * distances (disks, strokes) or 4 sub-scanlines with exact horizontal spans
 * (polygons), accumulated in a coverage mask and blended once, source-over.
 * Browser-safe: no Node APIs.
 */
import type { Color } from './color.js';
import { CAP_UNITS, glyphOutline, textWidth, unitsToPixels } from './font.js';
import { dashPaths, type Rect, type Surface, type TextStyle } from './surface.js';

export class RasterCanvas implements Surface {
  readonly data: Uint8Array;
  /** Coverage scratch, one float per pixel, kept zero between operations. */
  private readonly mask: Float32Array;
  private clipX0 = 0;
  private clipY0 = 0;
  private clipX1: number;
  private clipY1: number;

  constructor(readonly width: number, readonly height: number) {
    if (!(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0 && width * height <= 1 << 26)) {
      throw new Error(`RasterCanvas: size must be positive integers (at most 2^26 pixels), got ${width}×${height}`);
    }
    this.data = new Uint8Array(width * height * 4);
    this.mask = new Float32Array(width * height);
    this.clipX1 = width;
    this.clipY1 = height;
  }

  setClip(rect: Rect | null): void {
    if (rect === null) {
      this.clipX0 = 0; this.clipY0 = 0; this.clipX1 = this.width; this.clipY1 = this.height;
      return;
    }
    this.clipX0 = Math.max(0, Math.floor(rect.x));
    this.clipY0 = Math.max(0, Math.floor(rect.y));
    this.clipX1 = Math.min(this.width, Math.ceil(rect.x + rect.w));
    this.clipY1 = Math.min(this.height, Math.ceil(rect.y + rect.h));
  }

  /** Sets every pixel (ignores the clip). */
  clear(color: Color): void {
    const a = Math.round(color.a * 255);
    for (let i = 0; i < this.data.length; i += 4) {
      this.data[i] = color.r; this.data[i + 1] = color.g; this.data[i + 2] = color.b; this.data[i + 3] = a;
    }
  }

  /** Blends `color` into pixel (x, y) with coverage `cov` (no clip test). */
  private blend(x: number, y: number, color: Color, cov: number): void {
    const a = color.a * cov;
    if (a <= 0) return;
    const i = (y * this.width + x) * 4, d = this.data;
    const da = d[i + 3]! / 255;
    const oa = a + da * (1 - a);
    if (oa <= 0) return;
    const k = a / oa, kd = 1 - k;
    d[i] = Math.round(color.r * k + d[i]! * kd);
    d[i + 1] = Math.round(color.g * k + d[i + 1]! * kd);
    d[i + 2] = Math.round(color.b * k + d[i + 2]! * kd);
    d[i + 3] = Math.round(oa * 255);
  }

  /** Blends the mask inside [x0, x1) × [y0, y1) with `color` and zeroes it there. */
  private flushMask(x0: number, y0: number, x1: number, y1: number, color: Color): void {
    for (let y = y0; y < y1; y++) {
      for (let x = x0; x < x1; x++) {
        const m = y * this.width + x;
        const cov = this.mask[m]!;
        if (cov > 0) { this.blend(x, y, color, Math.min(1, cov)); this.mask[m] = 0; }
      }
    }
  }

  fillRect(x: number, y: number, w: number, h: number, color: Color): void {
    const x0 = Math.max(this.clipX0, Math.floor(x)), x1 = Math.min(this.clipX1, Math.ceil(x + w));
    const y0 = Math.max(this.clipY0, Math.floor(y)), y1 = Math.min(this.clipY1, Math.ceil(y + h));
    for (let py = y0; py < y1; py++) {
      const cy = Math.min(py + 1, y + h) - Math.max(py, y);
      for (let px = x0; px < x1; px++) {
        const cx = Math.min(px + 1, x + w) - Math.max(px, x);
        this.blend(px, py, color, cx * cy);
      }
    }
  }

  strokeRect(x: number, y: number, w: number, h: number, color: Color, lineWidth: number): void {
    this.polylines([Float32Array.of(x, y, x + w, y, x + w, y + h, x, y + h, x, y)], lineWidth, color);
  }

  circle(cx: number, cy: number, r: number, fill: Color, stroke?: Color, strokeWidth = 1): void {
    const x0 = Math.max(this.clipX0, Math.floor(cx - r - 1)), x1 = Math.min(this.clipX1, Math.ceil(cx + r + 1));
    const y0 = Math.max(this.clipY0, Math.floor(cy - r - 1)), y1 = Math.min(this.clipY1, Math.ceil(cy + r + 1));
    const inner = stroke ? Math.max(0, r - strokeWidth) : r;
    for (let y = y0; y < y1; y++) {
      for (let x = x0; x < x1; x++) {
        const d = Math.hypot(x + 0.5 - cx, y + 0.5 - cy);
        const outer = clamp01(r + 0.5 - d);
        if (outer <= 0) continue;
        if (stroke) {
          this.blend(x, y, stroke, outer);
          const cin = clamp01(inner + 0.5 - d);
          if (cin > 0) this.blend(x, y, fill, cin);
        } else {
          this.blend(x, y, fill, outer);
        }
      }
    }
  }

  polylines(paths: readonly Float32Array[], lineWidth: number, color: Color, _cls?: string, dash?: number): void {
    const list = dash && dash > 0 ? dashPaths(paths, dash) : paths;
    const hw = lineWidth / 2;
    let bx0 = Infinity, by0 = Infinity, bx1 = -Infinity, by1 = -Infinity;
    for (const p of list) {
      for (let i = 0; i + 1 < p.length; i += 2) {
        const ax = p[i]!, ay = p[i + 1]!;
        const bx = i + 3 < p.length ? p[i + 2]! : ax, by = i + 3 < p.length ? p[i + 3]! : ay;
        if (!(Number.isFinite(ax) && Number.isFinite(ay) && Number.isFinite(bx) && Number.isFinite(by))) continue;
        const x0 = Math.max(this.clipX0, Math.floor(Math.min(ax, bx) - hw - 1));
        const x1 = Math.min(this.clipX1, Math.ceil(Math.max(ax, bx) + hw + 1));
        const y0 = Math.max(this.clipY0, Math.floor(Math.min(ay, by) - hw - 1));
        const y1 = Math.min(this.clipY1, Math.ceil(Math.max(ay, by) + hw + 1));
        if (x0 >= x1 || y0 >= y1) continue;
        bx0 = Math.min(bx0, x0); by0 = Math.min(by0, y0); bx1 = Math.max(bx1, x1); by1 = Math.max(by1, y1);
        const dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
        for (let y = y0; y < y1; y++) {
          for (let x = x0; x < x1; x++) {
            const px = x + 0.5 - ax, py = y + 0.5 - ay;
            const t = len2 > 0 ? Math.max(0, Math.min(1, (px * dx + py * dy) / len2)) : 0;
            const d = Math.hypot(px - t * dx, py - t * dy);
            // Thin lines keep their ink: coverage ≈ width where the line is narrower than a pixel.
            const cov = lineWidth >= 1 ? clamp01(hw + 0.5 - d) : lineWidth * clamp01(1 - d);
            if (cov > 0) {
              const m = y * this.width + x;
              if (cov > this.mask[m]!) this.mask[m] = cov;
            }
          }
        }
      }
    }
    if (bx0 < bx1) this.flushMask(bx0, by0, bx1, by1, color);
  }

  polygon(xy: Float32Array, fill: Color, stroke?: Color, strokeWidth = 1): void {
    const n = xy.length >> 1;
    if (n >= 3) {
      let ymin = Infinity, ymax = -Infinity, xmin = Infinity, xmax = -Infinity;
      for (let i = 0; i < n; i++) {
        xmin = Math.min(xmin, xy[2 * i]!); xmax = Math.max(xmax, xy[2 * i]!);
        ymin = Math.min(ymin, xy[2 * i + 1]!); ymax = Math.max(ymax, xy[2 * i + 1]!);
      }
      const x0 = Math.max(this.clipX0, Math.floor(xmin)), x1 = Math.min(this.clipX1, Math.ceil(xmax));
      const y0 = Math.max(this.clipY0, Math.floor(ymin)), y1 = Math.min(this.clipY1, Math.ceil(ymax));
      const SUB = 4;
      const xs: number[] = [];
      for (let y = y0; y < y1; y++) {
        for (let s = 0; s < SUB; s++) {
          const sy = y + (s + 0.5) / SUB;
          xs.length = 0;
          for (let i = 0, j = n - 1; i < n; j = i++) {
            const yi = xy[2 * i + 1]!, yj = xy[2 * j + 1]!;
            if ((yi > sy) !== (yj > sy)) xs.push(xy[2 * i]! + ((sy - yi) / (yj - yi)) * (xy[2 * j]! - xy[2 * i]!));
          }
          xs.sort((a, b) => a - b);
          for (let k = 0; k + 1 < xs.length; k += 2) {
            const a = Math.max(x0, xs[k]!), b = Math.min(x1, xs[k + 1]!);
            if (b <= a) continue;
            for (let x = Math.floor(a); x < Math.ceil(b); x++) {
              const cov = Math.min(x + 1, b) - Math.max(x, a);
              this.mask[y * this.width + x]! += cov / SUB;
            }
          }
        }
      }
      if (x0 < x1 && y0 < y1) this.flushMask(x0, y0, x1, y1, fill);
    }
    if (stroke && n >= 2) {
      const closed = new Float32Array(xy.length + 2);
      closed.set(xy); closed[xy.length] = xy[0]!; closed[xy.length + 1] = xy[1]!;
      this.polylines([closed], strokeWidth, stroke);
    }
  }

  text(text: string, x: number, y: number, style: TextStyle): void {
    const k = unitsToPixels(style.size), cap = CAP_UNITS * style.size;
    const w = textWidth(text) * style.size;
    const along = style.anchor === 'middle' ? -w / 2 : style.anchor === 'end' ? -w : 0;
    const down = style.baseline === 'middle' ? cap / 2 : style.baseline === 'baseline' ? 0 : cap;
    const vertical = style.rotate === -90;
    // Faux bold: the outline again, shifted a little along the text (nonzero winding unites them).
    const shifts = style.bold ? [0, Math.max(0.6, 0.08 * cap)] : [0];
    let pen = along;
    for (const ch of text) {
      const g = glyphOutline(ch);
      // One fill per glyph: each scanline then crosses only this glyph's edges.
      const contours: Float32Array[] = [];
      for (const shift of shifts) {
        for (const c of g.contours) {
          const xy = new Float32Array(c.length);
          for (let i = 0; i < c.length; i += 2) {
            const u = pen + shift + c[i]! * k, v = down + c[i + 1]! * k;
            // Rotation by −90°: u runs up the page, v runs right.
            xy[i] = vertical ? x + v : x + u;
            xy[i + 1] = vertical ? y - u : y + v;
          }
          contours.push(xy);
        }
      }
      pen += g.advance * k;
      if (contours.length) this.fillContours(contours, style.color);
    }
  }

  /**
   * Fills closed contours together with the nonzero winding rule (glyphs: holes
   * run the other way round), 5 sub-scanlines a pixel with exact horizontal spans.
   */
  fillContours(contours: readonly Float32Array[], fill: Color): void {
    let ymin = Infinity, ymax = -Infinity, xmin = Infinity, xmax = -Infinity;
    for (const c of contours) {
      for (let i = 0; i < c.length; i += 2) {
        xmin = Math.min(xmin, c[i]!); xmax = Math.max(xmax, c[i]!);
        ymin = Math.min(ymin, c[i + 1]!); ymax = Math.max(ymax, c[i + 1]!);
      }
    }
    const x0 = Math.max(this.clipX0, Math.floor(xmin)), x1 = Math.min(this.clipX1, Math.ceil(xmax));
    const y0 = Math.max(this.clipY0, Math.floor(ymin)), y1 = Math.min(this.clipY1, Math.ceil(ymax));
    if (!(x0 < x1 && y0 < y1)) return;
    const SUB = 5;
    const crossings: { x: number; dir: number }[] = [];
    for (let y = y0; y < y1; y++) {
      for (let s = 0; s < SUB; s++) {
        const sy = y + (s + 0.5) / SUB;
        crossings.length = 0;
        for (const c of contours) {
          const n = c.length >> 1;
          for (let i = 0, j = n - 1; i < n; j = i++) {
            const yi = c[2 * i + 1]!, yj = c[2 * j + 1]!;
            if ((yi > sy) !== (yj > sy)) {
              crossings.push({ x: c[2 * i]! + ((sy - yi) / (yj - yi)) * (c[2 * j]! - c[2 * i]!), dir: yi > yj ? 1 : -1 });
            }
          }
        }
        crossings.sort((a, b) => a.x - b.x);
        let winding = 0;
        for (let k = 0; k + 1 < crossings.length; k++) {
          winding += crossings[k]!.dir;
          if (winding === 0) continue;
          const a = Math.max(x0, crossings[k]!.x), b = Math.min(x1, crossings[k + 1]!.x);
          if (b <= a) continue;
          for (let x = Math.floor(a); x < Math.ceil(b); x++) {
            this.mask[y * this.width + x]! += (Math.min(x + 1, b) - Math.max(x, a)) / SUB;
          }
        }
      }
    }
    this.flushMask(x0, y0, x1, y1, fill);
  }

  image(x: number, y: number, w: number, h: number, nx: number, ny: number, rgba: Uint8Array): void {
    if (rgba.length !== nx * ny * 4) throw new Error(`image: expected ${nx}×${ny}×4 bytes, got ${rgba.length}`);
    const x0 = Math.max(this.clipX0, Math.floor(x)), x1 = Math.min(this.clipX1, Math.ceil(x + w));
    const y0 = Math.max(this.clipY0, Math.floor(y)), y1 = Math.min(this.clipY1, Math.ceil(y + h));
    const c: Color = { r: 0, g: 0, b: 0, a: 1 };
    for (let py = y0; py < y1; py++) {
      const v = Math.max(0, Math.min(ny - 1, ((py + 0.5 - y) / h) * (ny - 1)));
      const r0 = Math.min(ny - 2, Math.floor(v)), fv = ny > 1 ? v - r0 : 0;
      const rA = Math.max(0, r0), rB = Math.min(ny - 1, rA + 1);
      const cy = Math.min(py + 1, y + h) - Math.max(py, y);
      for (let px = x0; px < x1; px++) {
        const u = Math.max(0, Math.min(nx - 1, ((px + 0.5 - x) / w) * (nx - 1)));
        const c0 = Math.min(nx - 2, Math.floor(u)), fu = nx > 1 ? u - c0 : 0;
        const cA = Math.max(0, c0), cB = Math.min(nx - 1, cA + 1);
        const i00 = (rA * nx + cA) * 4, i01 = (rA * nx + cB) * 4, i10 = (rB * nx + cA) * 4, i11 = (rB * nx + cB) * 4;
        const lerp = (o: number) => {
          const top = rgba[i00 + o]! + (rgba[i01 + o]! - rgba[i00 + o]!) * fu;
          const bot = rgba[i10 + o]! + (rgba[i11 + o]! - rgba[i10 + o]!) * fu;
          return top + (bot - top) * fv;
        };
        c.r = lerp(0); c.g = lerp(1); c.b = lerp(2); c.a = lerp(3) / 255;
        const cx = Math.min(px + 1, x + w) - Math.max(px, x);
        this.blend(px, py, c, cx * cy);
      }
    }
  }

  /** The colour at pixel (x, y), alpha 0…1. */
  pixel(x: number, y: number): Color {
    const i = (y * this.width + x) * 4;
    return { r: this.data[i]!, g: this.data[i + 1]!, b: this.data[i + 2]!, a: this.data[i + 3]! / 255 };
  }
}

function clamp01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}
