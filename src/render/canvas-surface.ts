/**
 * The Surface on an HTML canvas (2-D context): the browser draws the same
 * pictures the PNG and SVG paths draw, from the same Picture objects.
 * Coordinates are CSS pixels; `scale` (the device pixel ratio) sharpens them.
 *
 *   const surface = new CanvasSurface(canvas.getContext('2d')!, 440, 440, devicePixelRatio);
 *   surface.clear(); picture.draw(surface);
 *
 * Text uses the SVG path's font size rule (capitals 7·size pixels tall) with a
 * system sans-serif font, so a label's place matches the other formats.
 */
import { toHex, type Color } from './color.js';
import { capHeight, type Rect, type Surface, type TextStyle } from './surface.js';

const FONT_FAMILY = 'DejaVu Sans, Verdana, Arial, sans-serif';

const css = (c: Color): string => (c.a >= 1 ? toHex(c) : `rgba(${Math.round(c.r)},${Math.round(c.g)},${Math.round(c.b)},${c.a})`);

/** A Surface drawing on a CanvasRenderingContext2D (or an OffscreenCanvas's). */
export class CanvasSurface implements Surface {
  private clipped = false;
  /** The colour-sample canvas `image` scales up, reused between calls. */
  private samples: HTMLCanvasElement | OffscreenCanvas | null = null;

  constructor(
    private readonly ctx: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D,
    readonly width: number,
    readonly height: number,
    private readonly scale = 1,
  ) {
    ctx.setTransform(scale, 0, 0, scale, 0, 0);
  }

  /** Resets the clip and fills the whole surface (default white). */
  clear(color: Color = { r: 255, g: 255, b: 255, a: 1 }): void {
    this.setClip(null);
    this.ctx.fillStyle = css(color);
    this.ctx.fillRect(0, 0, this.width, this.height);
  }

  setClip(rect: Rect | null): void {
    if (this.clipped) { this.ctx.restore(); this.clipped = false; }
    if (rect === null) return;
    this.ctx.save();
    this.ctx.beginPath();
    this.ctx.rect(rect.x, rect.y, rect.w, rect.h);
    this.ctx.clip();
    this.clipped = true;
  }

  fillRect(x: number, y: number, w: number, h: number, color: Color): void {
    this.ctx.fillStyle = css(color);
    this.ctx.fillRect(x, y, w, h);
  }

  strokeRect(x: number, y: number, w: number, h: number, color: Color, lineWidth: number): void {
    this.ctx.strokeStyle = css(color);
    this.ctx.lineWidth = lineWidth;
    this.ctx.strokeRect(x, y, w, h);
  }

  circle(x: number, y: number, r: number, fill: Color, stroke?: Color, strokeWidth = 1): void {
    const c = this.ctx;
    c.beginPath();
    c.arc(x, y, r, 0, 2 * Math.PI);
    c.fillStyle = css(fill);
    c.fill();
    if (stroke && strokeWidth > 0) {
      // Inside the radius, as the raster disk draws it.
      c.beginPath();
      c.arc(x, y, Math.max(0, r - strokeWidth / 2), 0, 2 * Math.PI);
      c.strokeStyle = css(stroke);
      c.lineWidth = strokeWidth;
      c.stroke();
    }
  }

  polylines(paths: readonly Float32Array[], lineWidth: number, color: Color, _cls?: string, dash?: number): void {
    const c = this.ctx;
    // One path, one stroke: overlapping lines are not darkened twice.
    c.beginPath();
    for (const p of paths) {
      let move = true;
      for (let i = 0; i + 1 < p.length; i += 2) {
        const px = p[i]!, py = p[i + 1]!;
        if (!(Number.isFinite(px) && Number.isFinite(py))) { move = true; continue; }
        if (move) c.moveTo(px, py); else c.lineTo(px, py);
        move = false;
      }
    }
    c.lineWidth = lineWidth;
    c.lineCap = 'round';
    c.lineJoin = 'round';
    c.strokeStyle = css(color);
    c.setLineDash(dash && dash > 0 ? [dash, dash] : []);
    c.stroke();
    c.setLineDash([]);
  }

  polygon(xy: Float32Array, fill: Color, stroke?: Color, strokeWidth = 1): void {
    const c = this.ctx;
    c.beginPath();
    for (let i = 0; i + 1 < xy.length; i += 2) {
      if (i === 0) c.moveTo(xy[0]!, xy[1]!); else c.lineTo(xy[i]!, xy[i + 1]!);
    }
    c.closePath();
    c.fillStyle = css(fill);
    c.fill('evenodd');
    if (stroke) {
      c.strokeStyle = css(stroke);
      c.lineWidth = strokeWidth;
      c.lineJoin = 'round';
      c.stroke();
    }
  }

  text(text: string, x: number, y: number, style: TextStyle): void {
    const c = this.ctx;
    const cap = capHeight(style.size);
    c.font = `${style.bold ? 'bold ' : ''}${(cap / 0.72).toFixed(2)}px ${FONT_FAMILY}`;
    c.fillStyle = css(style.color);
    c.textAlign = style.anchor === 'middle' ? 'center' : style.anchor === 'end' ? 'right' : 'left';
    c.textBaseline = 'alphabetic';
    const shift = style.baseline === 'middle' ? cap / 2 : style.baseline === 'baseline' ? 0 : cap;
    if (style.rotate === -90) {
      c.save();
      c.translate(x + shift, y);
      c.rotate(-Math.PI / 2);
      c.fillText(text, 0, 0);
      c.restore();
    } else {
      c.fillText(text, x, y + shift);
    }
  }

  image(x: number, y: number, w: number, h: number, nx: number, ny: number, rgba: Uint8Array): void {
    if (rgba.length !== nx * ny * 4) throw new Error(`image: expected ${nx}×${ny}×4 bytes, got ${rgba.length}`);
    const samples = this.sampleCanvas(nx, ny);
    const sctx = samples.getContext('2d') as CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;
    const data = sctx.createImageData(nx, ny);
    data.data.set(rgba);
    sctx.putImageData(data, 0, 0);
    // Samples sit on the rectangle's corners: scale so pixel centres land there, clipped to the rectangle.
    const sx = nx > 1 ? w / (nx - 1) : w, sy = ny > 1 ? h / (ny - 1) : h;
    const c = this.ctx;
    c.save();
    c.beginPath();
    c.rect(x, y, w, h);
    c.clip();
    c.imageSmoothingEnabled = true;
    c.imageSmoothingQuality = 'high';
    c.drawImage(samples, 0, 0, nx, ny, x - (nx > 1 ? sx / 2 : 0), y - (ny > 1 ? sy / 2 : 0), nx > 1 ? nx * sx : w, ny > 1 ? ny * sy : h);
    c.restore();
  }

  private sampleCanvas(nx: number, ny: number): HTMLCanvasElement | OffscreenCanvas {
    if (!this.samples) {
      this.samples = typeof OffscreenCanvas === 'function' ? new OffscreenCanvas(nx, ny) : document.createElement('canvas');
    }
    if (this.samples.width !== nx) this.samples.width = nx;
    if (this.samples.height !== ny) this.samples.height = ny;
    return this.samples;
  }

  /** Device pixels per CSS pixel this surface draws at. */
  get pixelRatio(): number {
    return this.scale;
  }
}
