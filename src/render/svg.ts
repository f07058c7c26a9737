/**
 * An SVG surface: the same drawing calls as the raster canvas, written as a
 * self-contained <svg> document (no external references; text uses <text>
 * with a generic sans-serif font). Elements carry the `cls` given to each call
 * as their class, so a page (or a test) can find the points, grid lines, etc.
 */
import { toHex, type Color } from './color.js';
import { textWidth } from './font.js';
import { capHeight, dashPaths, type Rect, type Surface, type TextStyle } from './surface.js';

let documents = 0;

/** Coordinates with two decimals, trailing zeros dropped. */
export function fmt(v: number): string {
  const s = (Math.round(v * 100) / 100).toFixed(2).replace(/0+$/, '').replace(/\.$/, '');
  return s === '-0' ? '0' : s;
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

function paint(attr: 'fill' | 'stroke', c: Color): string {
  return c.a >= 1 ? `${attr}="${toHex(c)}"` : `${attr}="${toHex(c)}" ${attr}-opacity="${fmt(c.a)}"`;
}

const classAttr = (cls?: string) => (cls ? ` class="${escapeXml(cls)}"` : '');

export class SvgSurface implements Surface {
  private readonly parts: string[] = [];
  private readonly defs: string[] = [];
  private readonly idPrefix: string;
  private clips = 0;
  private inClip = false;

  /** `idPrefix` keeps clip-path ids unique when several SVGs share one HTML page. */
  constructor(readonly width: number, readonly height: number, idPrefix?: string) {
    this.idPrefix = idPrefix ?? `u${(documents++).toString(36)}`;
  }

  setClip(rect: Rect | null): void {
    if (this.inClip) { this.parts.push('</g>'); this.inClip = false; }
    if (rect === null) return;
    const id = `${this.idPrefix}c${this.clips++}`;
    this.defs.push(`<clipPath id="${id}"><rect x="${fmt(rect.x)}" y="${fmt(rect.y)}" width="${fmt(rect.w)}" height="${fmt(rect.h)}"/></clipPath>`);
    this.parts.push(`<g clip-path="url(#${id})">`);
    this.inClip = true;
  }

  fillRect(x: number, y: number, w: number, h: number, color: Color, cls?: string): void {
    this.parts.push(`<rect${classAttr(cls)} x="${fmt(x)}" y="${fmt(y)}" width="${fmt(w)}" height="${fmt(h)}" ${paint('fill', color)}/>`);
  }

  strokeRect(x: number, y: number, w: number, h: number, color: Color, lineWidth: number, cls?: string): void {
    this.parts.push(`<rect${classAttr(cls)} x="${fmt(x)}" y="${fmt(y)}" width="${fmt(w)}" height="${fmt(h)}" fill="none" ${paint('stroke', color)} stroke-width="${fmt(lineWidth)}"/>`);
  }

  circle(x: number, y: number, r: number, fill: Color, stroke?: Color, strokeWidth = 1, cls?: string): void {
    // SVG strokes straddle the outline; shrink by half the width to match the raster disk.
    const rr = stroke ? r - strokeWidth / 2 : r;
    const s = stroke ? ` ${paint('stroke', stroke)} stroke-width="${fmt(strokeWidth)}"` : '';
    this.parts.push(`<circle${classAttr(cls)} cx="${fmt(x)}" cy="${fmt(y)}" r="${fmt(rr)}" ${paint('fill', fill)}${s}/>`);
  }

  polylines(paths: readonly Float32Array[], lineWidth: number, color: Color, cls?: string, dash?: number): void {
    const list = dash && dash > 0 ? dashPaths(paths, dash) : paths;
    // One <path> per polyline; the group carries the stroke so overlapping lines
    // are not darkened twice (group opacity, like the raster's single blend).
    const opaque = { ...color, a: 1 };
    const group = color.a < 1 ? `<g opacity="${fmt(color.a)}">` : '<g>';
    const body = list.map((p) => `<path${classAttr(cls)} d="${pathData(p)}"/>`).join('');
    this.parts.push(`${group.slice(0, -1)} fill="none" ${paint('stroke', opaque)} stroke-width="${fmt(lineWidth)}" stroke-linecap="round" stroke-linejoin="round">${body}</g>`);
  }

  polygon(xy: Float32Array, fill: Color, stroke?: Color, strokeWidth = 1, cls?: string): void {
    const pts: string[] = [];
    for (let i = 0; i + 1 < xy.length; i += 2) pts.push(`${fmt(xy[i]!)},${fmt(xy[i + 1]!)}`);
    const s = stroke ? ` ${paint('stroke', stroke)} stroke-width="${fmt(strokeWidth)}" stroke-linejoin="round"` : '';
    this.parts.push(`<polygon${classAttr(cls)} points="${pts.join(' ')}" ${paint('fill', fill)} fill-rule="evenodd"${s}/>`);
  }

  text(text: string, x: number, y: number, style: TextStyle, cls?: string): void {
    const size = style.size;
    const cap = capHeight(size);
    const fontSize = cap / 0.72;
    const anchor = style.anchor ?? 'start';
    const shift = style.baseline === 'middle' ? cap / 2 : style.baseline === 'baseline' ? 0 : cap;
    // Text is placed by its baseline; for rotated text the shift runs along +x.
    const bx = style.rotate === -90 ? x + shift : x, by = style.rotate === -90 ? y : y + shift;
    const rot = style.rotate === -90 ? ` transform="rotate(-90 ${fmt(bx)} ${fmt(by)})"` : '';
    const width = textWidth(text) * size;
    this.parts.push(`<text${classAttr(cls)} x="${fmt(bx)}" y="${fmt(by)}" font-family="DejaVu Sans, Verdana, Arial, sans-serif" font-size="${fmt(fontSize)}" text-anchor="${anchor}"${style.bold ? ' font-weight="bold"' : ''} ${paint('fill', style.color)} data-width="${fmt(width)}"${rot}>${escapeXml(text)}</text>`);
  }

  image(x: number, y: number, w: number, h: number, nx: number, ny: number, rgba: Uint8Array, cls?: string): void {
    if (rgba.length !== nx * ny * 4) throw new Error(`image: expected ${nx}×${ny}×4 bytes, got ${rgba.length}`);
    // Samples sit on the rectangle's corners, so each covers ±half a step, cut at the edges.
    // Runs of equal colour (channels quantised to 4) merge into one rect; rects
    // overlap their right/bottom neighbour slightly so no seam shows between them.
    const sx = nx > 1 ? w / (nx - 1) : w, sy = ny > 1 ? h / (ny - 1) : h;
    const edge = (i: number, n: number, step: number, size: number) => Math.max(0, Math.min(size, (i - 0.5) * step + (n > 1 ? 0 : size / 2)));
    const q = (v: number) => Math.min(255, Math.round(v / 4) * 4);
    const cells: string[] = [];
    for (let r = 0; r < ny; r++) {
      const top = y + edge(r, ny, sy, h), bottom = y + edge(r + 1, ny, sy, h);
      let c = 0;
      while (c < nx) {
        const i = (r * nx + c) * 4;
        const key = [q(rgba[i]!), q(rgba[i + 1]!), q(rgba[i + 2]!), q(rgba[i + 3]!)];
        let e = c + 1;
        while (e < nx) {
          const j = (r * nx + e) * 4;
          if (q(rgba[j]!) !== key[0] || q(rgba[j + 1]!) !== key[1] || q(rgba[j + 2]!) !== key[2] || q(rgba[j + 3]!) !== key[3]) break;
          e++;
        }
        const left = x + edge(c, nx, sx, w), right = x + edge(e, nx, sx, w);
        const pad = 0.4;
        const cw = Math.min(right + (e < nx ? pad : 0), x + w) - left, ch = Math.min(bottom + (r + 1 < ny ? pad : 0), y + h) - top;
        const color: Color = { r: key[0]!, g: key[1]!, b: key[2]!, a: key[3]! / 255 };
        cells.push(`<rect x="${fmt(left)}" y="${fmt(top)}" width="${fmt(cw)}" height="${fmt(ch)}" ${paint('fill', color)}/>`);
        c = e;
      }
    }
    this.parts.push(`<g${classAttr(cls)} shape-rendering="crispEdges">${cells.join('')}</g>`);
  }

  /** The finished document. */
  toString(): string {
    const close = this.inClip ? '</g>' : '';
    const defs = this.defs.length ? `<defs>${this.defs.join('')}</defs>` : '';
    return `<svg xmlns="http://www.w3.org/2000/svg" width="${this.width}" height="${this.height}" viewBox="0 0 ${this.width} ${this.height}">` +
      `${defs}${this.parts.join('\n')}${close}</svg>`;
  }
}

function pathData(p: Float32Array): string {
  const out: string[] = [];
  let move = true;
  for (let i = 0; i + 1 < p.length; i += 2) {
    const x = p[i]!, y = p[i + 1]!;
    if (!(Number.isFinite(x) && Number.isFinite(y))) { move = true; continue; }
    out.push(`${move ? 'M' : 'L'}${fmt(x)} ${fmt(y)}`);
    move = false;
  }
  return out.join('');
}
