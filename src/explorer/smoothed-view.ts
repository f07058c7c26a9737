/**
 * The representation panel's data box while training: fitted to the points
 * every frame it jumps as they move; here it grows at once to take in a point
 * leaving it, and shrinks slowly (a fraction of the gap per frame), so the
 * picture stays still while the representation settles.
 */
import type { ViewBox } from '../render/types.js';

/** Of the gap between the box and a smaller fit, the fraction closed per frame (≈ 1 s to settle at 60 frames/s). */
const SHRINK_PER_FRAME = 0.08;

export class SmoothedView {
  private box: ViewBox | null = null;
  private key = '';

  /** The box to draw with, given this frame's fitted box; a new `key` (layer, model, data) starts over. */
  next(fitted: ViewBox, key: string): ViewBox {
    if (!this.box || key !== this.key || !isFinite(fitted)) {
      this.key = key;
      this.box = { ...fitted };
      return fitted;
    }
    const b = this.box;
    const shrink = (now: number, target: number) => now + (target - now) * SHRINK_PER_FRAME;
    b.xmin = fitted.xmin < b.xmin ? fitted.xmin : shrink(b.xmin, fitted.xmin);
    b.ymin = fitted.ymin < b.ymin ? fitted.ymin : shrink(b.ymin, fitted.ymin);
    b.xmax = fitted.xmax > b.xmax ? fitted.xmax : shrink(b.xmax, fitted.xmax);
    b.ymax = fitted.ymax > b.ymax ? fitted.ymax : shrink(b.ymax, fitted.ymax);
    return { ...b };
  }

  /** Forget the box: the next frame fits the points exactly (at rest, a paused picture shows the true fit). */
  reset(): void {
    this.box = null;
  }
}

function isFinite(b: ViewBox): boolean {
  return Number.isFinite(b.xmin) && Number.isFinite(b.xmax) && Number.isFinite(b.ymin) && Number.isFinite(b.ymax);
}
