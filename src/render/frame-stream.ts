/**
 * The player's data packed into one deflated block (base64 in the page) and the
 * inline JS that unpacks it, side by side: pack here, unpack in UNPACK_JS.
 *
 * Layout, inflated: the JSON length (uint32, little-endian), the JSON (UTF-8:
 * sizes, colours, layouts, each frame's offsets and label), then the frames'
 * Int16 values as two byte planes (all low bytes, then all high bytes). The
 * JSON rides inside the deflated block, not in its own <script>: its keys repeat
 * every frame, and in an iframe's srcdoc every quote costs six bytes.
 *
 * Values are canvas pixels at quarter pixels (−32768: not finite), three kinds
 * of prediction make them small before deflate sees them:
 * - a frame laid out like the one before it (same number of values) is stored
 *   as the difference to it, modulo 2^16: points and grid lines move little
 *   between frames;
 * - then each grid line's points as the difference to the point before along
 *   the line: the lines are smooth, so neighbouring points move alike;
 * - a 3-D frame's drawing order is stored as each point's rank in it (a point's
 *   rank changes a little between frames; which point sits at a position does not);
 * and each value zigzag-coded (0, −1, 1, −2, … → 0, 1, 2, 3, …), so a small
 * difference of either sign has a zero high byte. The essay report's three
 * players: 629 kB of deflated frames (frame differences only) and 113 kB of JSON
 * beside them → 455 kB for both; in the page 997 kB → 631 kB (scripts/weigh-report.mjs).
 */
import { zlibSync } from 'fflate';

/** Where one frame's values sit in the stream, as the player's JSON states them. */
export interface FrameOffsets {
  /** First value: the points, x y pairs. */
  pts: number;
  /** First value of the grid lines (pairs), `lens` points each. */
  grid: number;
  lens: number[];
  /** First value of the drawing order (ranks), −1 for none. */
  order: number;
  /** 1: stored as the difference to the frame before. */
  d: number;
}

/** The frames' values in the order the player reads them. */
export class FrameStream {
  private values: number[] = [];
  get length(): number { return this.values.length; }
  /** A coordinate in canvas pixels, kept at quarter pixels. */
  push(px: number): void {
    this.values.push(Number.isFinite(px) ? Math.max(-32767, Math.min(32767, Math.round(px * 4))) : -32768);
  }
  pushInt(v: number): void { this.values.push(v); }
  /** A drawing order (point indices, back to front), stored as each point's rank in it. */
  pushOrder(order: ArrayLike<number>): void {
    const start = this.values.length;
    for (let j = 0; j < order.length; j++) this.values.push(0);
    for (let j = 0; j < order.length; j++) this.values[start + order[j]!] = j;
  }

  /**
   * Applies the predictions once every frame's values are pushed (frame i
   * ends where frame i + 1 starts); sets `d` where a frame is stored as a difference.
   */
  predict(frames: FrameOffsets[]): void {
    const v = this.values;
    const end = (i: number) => frames[i + 1]?.pts ?? v.length;
    // From the last frame back, so each frame is taken from the one before as it was pushed.
    for (let i = frames.length - 1; i > 0; i--) {
      const f = frames[i]!, prev = frames[i - 1]!;
      if (end(i) - f.pts !== end(i - 1) - prev.pts) continue;
      for (let k = end(i) - 1; k >= f.pts; k--) v[k] = v[k]! - v[prev.pts + k - f.pts]!;
      f.d = 1;
    }
    for (const f of frames) {
      let at = f.grid;
      for (const points of f.lens) {
        for (let k = at + 2 * points - 1; k >= at + 2; k--) v[k] = v[k]! - v[k - 2]!;
        at += 2 * points;
      }
    }
  }

  /** The data and these values as the player's one base64 block. */
  pack(data: unknown): string {
    const json = new TextEncoder().encode(JSON.stringify(data));
    const n = this.values.length, bytes = new Uint8Array(4 + json.length + 2 * n);
    new DataView(bytes.buffer).setUint32(0, json.length, true);
    bytes.set(json, 4);
    const planes = bytes.subarray(4 + json.length);
    this.values.forEach((value, i) => {
      const v = (value << 16) >> 16, zigzag = ((v << 1) ^ (v >> 15)) & 0xffff;
      planes[i] = zigzag & 255; planes[n + i] = zigzag >> 8;
    });
    const packed = zlibSync(bytes, { level: 9 });
    let bin = '';
    for (let i = 0; i < packed.length; i += 0x8000) bin += String.fromCharCode(...packed.subarray(i, i + 0x8000));
    return btoa(bin);
  }
}

/**
 * `unpack(base64)` → a promise of { D: the JSON, Q: every frame's values as
 * pushed (Int16Array), orders as point indices }: the inverse of pack and
 * predict, in the browser (DecompressionStream, TextDecoder).
 */
export const UNPACK_JS = String.raw`function unpack(text) {
  var bin = atob(text.trim()), packed = new Uint8Array(bin.length);
  for (var i = 0; i < bin.length; i++) packed[i] = bin.charCodeAt(i);
  return new Response(new Blob([packed]).stream().pipeThrough(new DecompressionStream('deflate'))).arrayBuffer().then(function (buffer) {
    var bytes = new Uint8Array(buffer), size = new DataView(buffer).getUint32(0, true);
    var D = JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + size)));
    var planes = bytes.subarray(4 + size), half = planes.length >> 1, Q = new Int16Array(half);
    for (var i = 0; i < half; i++) { var z = planes[i] | (planes[half + i] << 8); Q[i] = (z >>> 1) ^ -(z & 1); }
    var F = D.frames;
    for (var f = 0; f < F.length; f++) {
      for (var l = 0, o = F[f].grid; l < F[f].lens.length; o += 2 * F[f].lens[l++]) {
        for (var k = o + 2, e = o + 2 * F[f].lens[l]; k < e; k++) Q[k] += Q[k - 2];
      }
      if (!F[f].d) continue;
      for (var a = F[f].pts, b = F[f - 1].pts, e = f + 1 < F.length ? F[f + 1].pts : half; a < e; a++, b++) Q[a] += Q[b];
    }
    F.forEach(function (f) {
      if (f.order < 0) return;
      var rank = Q.slice(f.order, f.order + D.n);
      for (var i = 0; i < D.n; i++) Q[f.order + rank[i]] = i;
    });
    return { D: D, Q: Q };
  });
}`;
