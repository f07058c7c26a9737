/**
 * Text for raster pictures: DejaVu Sans outlines (glyph-outlines.ts, generated
 * by scripts/build-glyphs.mjs) with Greek letters, sub- and superscript digits
 * and the mathematical symbols the pictures use. Embedded rather than loaded
 * at run time so `untangle/render` stays one browser-safe module with no font
 * file to find (≈ 18 KB gzipped for the subset).
 *
 * Sizes keep the unit every layout uses: at scale `size` capitals are
 * 7·size pixels tall, and textWidth(text)·size is the advance in pixels.
 */
import { ADVANCES, CAP_HEIGHT, DESCENT } from './glyph-metrics.js';
import { OUTLINES } from './glyph-outlines.js';

/** Font pixels of a capital letter's height (the layout unit: size 1 → 7 px capitals). */
export const CAP_UNITS = 7;

/** A character's outline: closed contours as flat xy lists in font units (y down, baseline 0). */
export interface GlyphOutline {
  readonly advance: number;
  readonly contours: readonly Float32Array[];
}

const outlines = new Map<string, GlyphOutline>();
const FALLBACK = '□';

/** Whether the font has an outline for ch (otherwise it is drawn as □). */
export function hasGlyph(ch: string): boolean {
  return ADVANCES[ch] !== undefined;
}

/** The outline of one character, parsed on first use; □ for characters the font lacks. */
export function glyphOutline(ch: string): GlyphOutline {
  const key = hasGlyph(ch) ? ch : FALLBACK;
  let g = outlines.get(key);
  if (!g) {
    g = { advance: ADVANCES[key]!, contours: flattenPath(OUTLINES[key]!) };
    outlines.set(key, g);
  }
  return g;
}

/** Pixels per font unit at a font scale. */
export function unitsToPixels(size: number): number {
  return (CAP_UNITS * size) / CAP_HEIGHT;
}

/** Width of a string in font pixels (multiply by the scale for device pixels). */
export function textWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += ADVANCES[ch] ?? ADVANCES[FALLBACK]!;
  return (w * CAP_UNITS) / CAP_HEIGHT;
}

/** Depth below the baseline reached by descenders, in font pixels. */
export const DESCENT_UNITS = (DESCENT * CAP_UNITS) / CAP_HEIGHT;

// Curves become line segments here, once per glyph: 6 per quadratic and 8 per
// cubic keep the error under 0.1 px up to 40 px capitals.
const Q_STEPS = 6;
const C_STEPS = 8;

/** SVG path data (absolute M, L, Q, C, Z) → contours of points. */
function flattenPath(d: string): Float32Array[] {
  const contours: Float32Array[] = [];
  let pts: number[] = [];
  let x = 0, y = 0;
  const close = () => { if (pts.length >= 6) contours.push(Float32Array.from(pts)); pts = []; };
  for (const [, op, args] of d.matchAll(/([MLQCZ])([^MLQCZ]*)/g)) {
    const v = args!.trim() === '' ? [] : args!.trim().split(/\s+/).map(Number);
    if (op === 'M') { close(); x = v[0]!; y = v[1]!; pts.push(x, y); }
    else if (op === 'L') { x = v[0]!; y = v[1]!; pts.push(x, y); }
    else if (op === 'Q') {
      for (let i = 1; i <= Q_STEPS; i++) {
        const t = i / Q_STEPS, s = 1 - t;
        pts.push(s * s * x + 2 * s * t * v[0]! + t * t * v[2]!, s * s * y + 2 * s * t * v[1]! + t * t * v[3]!);
      }
      x = v[2]!; y = v[3]!;
    } else if (op === 'C') {
      for (let i = 1; i <= C_STEPS; i++) {
        const t = i / C_STEPS, s = 1 - t;
        const a = s * s * s, b = 3 * s * s * t, c = 3 * s * t * t, e = t * t * t;
        pts.push(a * x + b * v[0]! + c * v[2]! + e * v[4]!, a * y + b * v[1]! + c * v[3]! + e * v[5]!);
      }
      x = v[4]!; y = v[5]!;
    } else close();
  }
  close();
  return contours;
}
