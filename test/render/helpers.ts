/** Checks shared by the render tests: PNG decoding, colour counts, SVG well-formedness, a player's data. */
import { inflateSync } from 'node:zlib';
import { decode } from 'fast-png';

export interface Decoded {
  width: number;
  height: number;
  rgba: Uint8Array;
}

/** Decodes a PNG (8-bit RGBA, RGB or indexed: the encoder picks the smallest) to RGBA bytes. */
export function decodePng(bytes: Uint8Array): Decoded {
  const img = decode(bytes);
  if (img.depth !== 8) throw new Error(`expected 8 bits a sample, got ${img.depth}`);
  const n = img.width * img.height, d = img.data as Uint8Array;
  if (img.channels === 4 && !img.palette) return { width: img.width, height: img.height, rgba: d };
  const rgba = new Uint8Array(n * 4);
  for (let i = 0; i < n; i++) {
    const c = img.palette ? img.palette[d[i]!]! : [d[3 * i]!, d[3 * i + 1]!, d[3 * i + 2]!];
    rgba[4 * i] = c[0]!; rgba[4 * i + 1] = c[1]!; rgba[4 * i + 2] = c[2]!; rgba[4 * i + 3] = c.length === 4 ? c[3]! : 255;
  }
  return { width: img.width, height: img.height, rgba };
}

export function distinctColors(img: Decoded): number {
  const seen = new Set<number>();
  for (let i = 0; i < img.rgba.length; i += 4) seen.add((img.rgba[i]! << 16) | (img.rgba[i + 1]! << 8) | img.rgba[i + 2]!);
  return seen.size;
}

export function pixelAt(img: Decoded, x: number, y: number): [number, number, number] {
  const i = (Math.floor(y) * img.width + Math.floor(x)) * 4;
  return [img.rgba[i]!, img.rgba[i + 1]!, img.rgba[i + 2]!];
}

export function near(a: readonly number[], b: readonly number[], tol = 3): boolean {
  return a.every((v, i) => Math.abs(v - b[i]!) <= tol);
}

export function hexRgb(h: string): [number, number, number] {
  const v = parseInt(h.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

/** Pixels whose colour is within tol of `rgb`. */
export function countColor(img: Decoded, rgb: readonly number[], tol = 2): number {
  let n = 0;
  for (let i = 0; i < img.rgba.length; i += 4) if (near([img.rgba[i]!, img.rgba[i + 1]!, img.rgba[i + 2]!], rgb, tol)) n++;
  return n;
}

/**
 * A small XML well-formedness check: tags balance and nest, attributes are
 * quoted, no stray '<' or '&'. Throws naming the first problem.
 */
export function checkXml(xml: string): void {
  const stack: string[] = [];
  const tag = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>/y;
  let i = 0, roots = 0;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const text = xml.slice(i, lt === -1 ? xml.length : lt);
    if (/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(text)) throw new Error(`bad entity in text near ${i}: ${text.slice(0, 40)}`);
    if (text.trim() && stack.length === 0) throw new Error(`text outside the root element near ${i}`);
    if (lt === -1) break;
    tag.lastIndex = lt;
    const m = tag.exec(xml);
    if (!m) throw new Error(`malformed tag near ${lt}: ${xml.slice(lt, lt + 60)}`);
    if (m[2]) {
      if (m[1]) {
        const open = stack.pop();
        if (open !== m[2]) throw new Error(`</${m[2]}> closes <${open}> near ${lt}`);
      } else if (!m[4]) {
        if (stack.length === 0) roots++;
        stack.push(m[2]);
      } else if (stack.length === 0) roots++;
    }
    i = tag.lastIndex;
  }
  if (stack.length) throw new Error(`unclosed <${stack.join('>, <')}>`);
  if (roots !== 1) throw new Error(`expected one root element, found ${roots}`);
}

/** Number of <name …> elements with class="cls". */
export function countElements(xml: string, name: string, cls?: string): number {
  const re = cls ? new RegExp(`<${name}\\b[^>]*\\bclass="${cls}"`, 'g') : new RegExp(`<${name}\\b`, 'g');
  return (xml.match(re) ?? []).length;
}

/** What a test reads of a player's JSON. */
export interface PlayerData {
  n: number;
  frames: { L: number; label: string; lens: number[]; order: number; line: number[] | null }[];
  layouts: unknown[];
}

/** The JSON a player packs before its frames (frame-stream.ts: length, JSON, planes; deflated, base64). */
export function playerData(html: string): PlayerData {
  const packed = /<script id="untangle-data" type="application\/octet-stream">([\s\S]*?)<\/script>/.exec(html)![1]!;
  const bytes = inflateSync(Buffer.from(packed, 'base64'));
  return JSON.parse(bytes.subarray(4, 4 + bytes.readUInt32LE(0)).toString('utf8')) as PlayerData;
}
