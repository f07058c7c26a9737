/**
 * Pictures onto the explorer's canvases, through the render module's canvas
 * surface, and back out as PNG or SVG files. Each paint sets the canvas's size,
 * which also gives it fresh pixels and context: reusing them (tried) left the
 * same picture's pixels differing between a page that had drawn before and a
 * fresh one, so a reloaded link no longer showed exactly the same picture; and
 * the frame profile shows the time goes to the panels, not to this.
 */
import { CanvasSurface } from '../render/canvas-surface.js';
import { toSvg, type Picture } from '../render/pictures.js';
import { download } from './download.js';

export class CanvasPainter {
  /** The picture last drawn on each canvas (by role), for export. */
  private readonly pictures = new Map<string, Picture>();
  /** Milliseconds spent drawing pictures onto canvases (the frame profile's drawing share; the rest is computing them). */
  paintMs = 0;

  constructor(private readonly canvasOf: (role: string) => HTMLCanvasElement) {}

  paint(role: string, picture: Picture): void {
    const started = performance.now();
    const canvas = this.canvasOf(role);
    const ratio = Math.min(2, window.devicePixelRatio || 1);
    canvas.width = picture.width * ratio;
    canvas.height = picture.height * ratio;
    canvas.style.width = `${picture.width}px`;
    canvas.style.height = `${picture.height}px`;
    const surface = new CanvasSurface(canvas.getContext('2d')!, picture.width, picture.height, ratio);
    surface.clear();
    picture.draw(surface);
    this.pictures.set(role, picture);
    this.paintMs += performance.now() - started;
  }

  /** Downloads the picture on canvas `role`: SVG drawn again from the picture, PNG as the canvas shows it. */
  export(role: string, format: 'png' | 'svg'): void {
    const picture = this.pictures.get(role);
    if (!picture) return;
    const name = `untangle-${role}.${format}`;
    if (format === 'svg') download(new Blob([toSvg(picture)], { type: 'image/svg+xml' }), name);
    else this.canvasOf(role).toBlob((blob) => { if (blob) download(blob, name); }, 'image/png');
  }
}
