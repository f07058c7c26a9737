/**
 * The drawing surface every picture is written against, once: the raster
 * canvas (PNG) and the SVG builder both implement it, so the two formats show
 * the same picture. Coordinates are device pixels, y down, (0, 0) the top-left
 * corner of the top-left pixel.
 */
import type { Color } from './color.js';
import { CAP_UNITS } from './font.js';

export type TextAnchor = 'start' | 'middle' | 'end';
/** Where y sits on the text: the top of capitals, their middle, or the baseline. */
export type TextBaseline = 'top' | 'middle' | 'baseline';

export interface TextStyle {
  /** Font scale: capitals are 7·size pixels tall. */
  size: number;
  color: Color;
  anchor?: TextAnchor;
  baseline?: TextBaseline;
  /** −90 turns the text to read bottom to top (y-axis labels). */
  rotate?: 0 | -90;
  /** Heavier strokes (titles). */
  bold?: boolean;
}

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Surface {
  readonly width: number;
  readonly height: number;
  /** Restricts drawing to a rectangle (null: the whole surface). */
  setClip(rect: Rect | null): void;
  fillRect(x: number, y: number, w: number, h: number, color: Color, cls?: string): void;
  strokeRect(x: number, y: number, w: number, h: number, color: Color, lineWidth: number, cls?: string): void;
  /** A filled disk of radius r, with an optional outline drawn inside the radius. */
  circle(x: number, y: number, r: number, fill: Color, stroke?: Color, strokeWidth?: number, cls?: string): void;
  /**
   * Stroked polylines (xy pairs in device pixels) with round joins and caps,
   * drawn as one stroke: where they overlap, the colour is not applied twice.
   */
  polylines(paths: readonly Float32Array[], lineWidth: number, color: Color, cls?: string, dash?: number): void;
  /** A filled polygon (even–odd rule), optionally outlined. */
  polygon(xy: Float32Array, fill: Color, stroke?: Color, strokeWidth?: number, cls?: string): void;
  text(text: string, x: number, y: number, style: TextStyle, cls?: string): void;
  /**
   * An image of nx × ny colour samples (RGBA bytes, row 0 at the top) whose
   * corner samples sit at the corners of the rectangle; smoothly interpolated.
   */
  image(x: number, y: number, w: number, h: number, nx: number, ny: number, rgba: Uint8Array, cls?: string): void;
}

/** Cap height in pixels of text at a font scale. */
export const capHeight = (size: number): number => CAP_UNITS * size;

/** A surface whose origin is moved to (dx, dy) of another one (for panels of one image). */
export class OffsetSurface implements Surface {
  constructor(private readonly base: Surface, private readonly dx: number, private readonly dy: number,
    readonly width: number, readonly height: number) {}

  setClip(rect: Rect | null): void {
    this.base.setClip(rect ? { x: rect.x + this.dx, y: rect.y + this.dy, w: rect.w, h: rect.h } : { x: this.dx, y: this.dy, w: this.width, h: this.height });
  }
  fillRect(x: number, y: number, w: number, h: number, color: Color, cls?: string): void {
    this.base.fillRect(x + this.dx, y + this.dy, w, h, color, cls);
  }
  strokeRect(x: number, y: number, w: number, h: number, color: Color, lineWidth: number, cls?: string): void {
    this.base.strokeRect(x + this.dx, y + this.dy, w, h, color, lineWidth, cls);
  }
  circle(x: number, y: number, r: number, fill: Color, stroke?: Color, strokeWidth?: number, cls?: string): void {
    this.base.circle(x + this.dx, y + this.dy, r, fill, stroke, strokeWidth, cls);
  }
  polylines(paths: readonly Float32Array[], lineWidth: number, color: Color, cls?: string, dash?: number): void {
    this.base.polylines(paths.map((p) => this.shift(p)), lineWidth, color, cls, dash);
  }
  polygon(xy: Float32Array, fill: Color, stroke?: Color, strokeWidth?: number, cls?: string): void {
    this.base.polygon(this.shift(xy), fill, stroke, strokeWidth, cls);
  }
  text(text: string, x: number, y: number, style: TextStyle, cls?: string): void {
    this.base.text(text, x + this.dx, y + this.dy, style, cls);
  }
  image(x: number, y: number, w: number, h: number, nx: number, ny: number, rgba: Uint8Array, cls?: string): void {
    this.base.image(x + this.dx, y + this.dy, w, h, nx, ny, rgba, cls);
  }
  private shift(xy: Float32Array): Float32Array {
    const out = new Float32Array(xy.length);
    for (let i = 0; i < xy.length; i += 2) { out[i] = xy[i]! + this.dx; out[i + 1] = xy[i + 1]! + this.dy; }
    return out;
  }
}

/** Splits polylines into dashes of `dash` pixels on, `dash` pixels off. */
export function dashPaths(paths: readonly Float32Array[], dash: number): Float32Array[] {
  const out: Float32Array[] = [];
  for (const p of paths) {
    let on = true, left = dash;
    let cur: number[] = [p[0]!, p[1]!];
    for (let i = 2; i + 1 < p.length; i += 2) {
      let x0 = p[i - 2]!, y0 = p[i - 1]!;
      const x1 = p[i]!, y1 = p[i + 1]!;
      let len = Math.hypot(x1 - x0, y1 - y0);
      while (len > left) {
        const f = left / len;
        x0 += (x1 - x0) * f; y0 += (y1 - y0) * f; len -= left;
        if (on) { cur.push(x0, y0); out.push(Float32Array.from(cur)); }
        on = !on; left = dash; cur = [x0, y0];
      }
      left -= len;
      if (on) cur.push(x1, y1);
    }
    if (on && cur.length >= 4) out.push(Float32Array.from(cur));
  }
  return out;
}
