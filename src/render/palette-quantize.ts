/**
 * Colour quantisation for pictures with more than 256 colours (anti-aliased
 * lines and points, smoothly shaded decision regions), so they can be stored as
 * an indexed PNG: one byte a pixel instead of three, and runs that deflate well.
 *
 * How: a histogram of the exact colours (RGBA words); the most frequent colours
 * (flat fills: white, class colours, grid and text ink) keep palette entries of
 * their own, exact; the rest is split by median cut (the box with the largest
 * weighted spread in one channel is cut at its weighted median) and each box is
 * replaced by its weighted mean. Every colour then maps to its box's mean or to
 * a nearer exact entry. No dithering: on these pictures the remaining error is a few levels per
 * channel in the shading, which dither noise would make visible and deflate worse.
 */

/** A palette of at most 256 RGBA colours and each pixel's index into it. */
export interface Quantized {
  /** Palette colours as little-endian RGBA words. */
  palette: Uint32Array;
  /** One palette index per pixel. */
  indices: Uint8Array;
}

/** Share of the palette that goes to the most frequent exact colours. */
const EXACT_SHARE = 0.25;
/** A colour keeps its own exact entry only if it covers at least this share of the pixels. */
const EXACT_MIN_SHARE = 1e-4;

/** Pixels (little-endian RGBA words) → a palette of at most `maxColors` and one index per pixel. */
export function quantizeColors(pixels: Uint32Array, maxColors = 256): Quantized {
  if (!(Number.isInteger(maxColors) && maxColors >= 2 && maxColors <= 256)) throw new Error(`quantizeColors: maxColors must be an integer in 2…256, got ${maxColors}`);
  // Counted a run at a time: flat fills make runs long, and a Map look-up a pixel was most of the time.
  const counts = new Map<number, number>();
  for (let i = 0; i < pixels.length;) {
    const p = pixels[i]!;
    let j = i + 1;
    while (j < pixels.length && pixels[j] === p) j++;
    counts.set(p, (counts.get(p) ?? 0) + j - i);
    i = j;
  }
  const colours = [...counts.keys()];
  let palette: number[];
  if (colours.length <= maxColors) palette = colours;
  else {
    const byCount = colours.sort((a, b) => counts.get(b)! - counts.get(a)!);
    const minCount = EXACT_MIN_SHARE * pixels.length;
    let exact = 0;
    while (exact < Math.floor(maxColors * EXACT_SHARE) && counts.get(byCount[exact]!)! >= minCount) exact++;
    const boxes = medianCut(byCount.slice(exact), counts, maxColors - exact);
    palette = [...byCount.slice(0, exact), ...boxes.map((b) => b.mean)];
    // Each colour → its box's mean or, when nearer, one of the exact entries (a
    // search over all 256 entries costs 4× the time and changes almost nothing).
    const exactEntries = Uint32Array.from(palette.slice(0, exact));
    const indexOf = new Map<number, number>();
    byCount.slice(0, exact).forEach((c, k) => indexOf.set(c, k));
    boxes.forEach((box, b) => {
      for (const c of box.colours) {
        const e = nearest(c, exactEntries);
        indexOf.set(c, exact > 0 && distance(c, exactEntries[e]!) < distance(c, box.mean) ? e : exact + b);
      }
    });
    return { palette: Uint32Array.from(palette), indices: indicesOf(pixels, indexOf) };
  }
  const entries = Uint32Array.from(palette);
  const indexOf = new Map<number, number>();
  entries.forEach((c, k) => indexOf.set(c, k));
  return { palette: entries, indices: indicesOf(pixels, indexOf) };
}

function indicesOf(pixels: Uint32Array, indexOf: Map<number, number>): Uint8Array {
  const indices = new Uint8Array(pixels.length);
  let last = pixels[0]!, index = indexOf.get(last) ?? 0;
  for (let i = 0; i < pixels.length; i++) {
    if (pixels[i] !== last) { last = pixels[i]!; index = indexOf.get(last)!; }
    indices[i] = index;
  }
  return indices;
}

const channel = (c: number, k: number) => (c >>> (8 * k)) & 255;

interface Box { colours: number[]; channel: number; spread: number; mean: number }

/** Median cut of `colours` (weighted by `counts`) into at most `boxes` boxes, each → its weighted mean colour. */
function medianCut(colours: number[], counts: Map<number, number>, boxes: number): Box[] {
  const list: Box[] = [boxOf(colours, counts)];
  while (list.length < boxes) {
    let best = -1;
    list.forEach((box, b) => { if (box.spread > 0 && (best < 0 || box.spread > list[best]!.spread)) best = b; });
    if (best < 0) break;
    const { colours: box, channel: k } = list[best]!;
    box.sort((a, b) => channel(a, k) - channel(b, k));
    const total = box.reduce((s, c) => s + counts.get(c)!, 0);
    let cut = 0, seen = 0;
    while (cut < box.length - 1 && seen + counts.get(box[cut]!)! <= total / 2) seen += counts.get(box[cut++]!)!;
    cut = Math.max(1, cut);
    list.splice(best, 1, boxOf(box.slice(0, cut), counts), boxOf(box.slice(cut), counts));
  }
  for (const box of list) box.mean = meanColour(box.colours, counts);
  return list;
}

/**
 * A box and the channel to cut it along: the widest range, weighted by the
 * square root of the box's pixel count so that big boxes of many pixels split first.
 */
function boxOf(colours: number[], counts: Map<number, number>): Box {
  const lo = [255, 255, 255, 255], hi = [0, 0, 0, 0];
  let n = 0;
  for (const c of colours) {
    for (let k = 0; k < 4; k++) { const v = channel(c, k); if (v < lo[k]!) lo[k] = v; if (v > hi[k]!) hi[k] = v; }
    n += counts.get(c)!;
  }
  let best = 0;
  for (let k = 1; k < 4; k++) if (hi[k]! - lo[k]! > hi[best]! - lo[best]!) best = k;
  return { colours, channel: best, spread: colours.length < 2 ? 0 : (hi[best]! - lo[best]!) * Math.sqrt(n), mean: 0 };
}

function meanColour(box: number[], counts: Map<number, number>): number {
  const sum = [0, 0, 0, 0];
  let n = 0;
  for (const c of box) {
    const w = counts.get(c)!;
    for (let k = 0; k < 4; k++) sum[k]! += w * channel(c, k);
    n += w;
  }
  return (sum.reduce((word, s, k) => word | (Math.round(s / n) << (8 * k)), 0)) >>> 0;
}

function distance(a: number, b: number): number {
  let d = 0;
  for (let k = 0; k < 4; k++) { const e = channel(a, k) - channel(b, k); d += e * e; }
  return d;
}

function nearest(c: number, palette: Uint32Array): number {
  let best = 0, bestD = Infinity;
  for (let j = 0; j < palette.length; j++) {
    const d = distance(c, palette[j]!);
    if (d < bestD) { bestD = d; best = j; }
  }
  return best;
}
