/**
 * Colours: straight (non-premultiplied) RGBA with channels 0…255 and alpha
 * 0…1. Class colours come from the Okabe–Ito palette, which stays
 * distinguishable under the common colour-vision deficiencies; classes 0 and 1
 * are its blue and orange.
 */

export interface Color {
  r: number;
  g: number;
  b: number;
  /** Opacity 0 … 1. */
  a: number;
}

/** Okabe–Ito: blue, orange, bluish green, vermillion, reddish purple, sky blue, yellow, grey. */
export const CLASS_PALETTE: readonly string[] = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#F0E442', '#6E6E6E'];

/** Parses '#rgb' or '#rrggbb' (optional alpha 0…1). */
export function hex(text: string, a = 1): Color {
  let s = text.trim().replace(/^#/, '');
  if (s.length === 3) s = s.split('').map((c) => c + c).join('');
  if (!/^[0-9a-fA-F]{6}$/.test(s)) throw new Error(`colour: expected #rgb or #rrggbb, got '${text}'`);
  const v = parseInt(s, 16);
  return { r: (v >> 16) & 255, g: (v >> 8) & 255, b: v & 255, a };
}

export function rgba(r: number, g: number, b: number, a = 1): Color {
  return { r, g, b, a };
}

/** `c` with opacity a. */
export function withAlpha(c: Color, a: number): Color {
  return { r: c.r, g: c.g, b: c.b, a };
}

/** (1 − t)·a + t·b per channel (alpha of a). */
export function mix(a: Color, b: Color, t: number): Color {
  return { r: a.r + (b.r - a.r) * t, g: a.g + (b.g - a.g) * t, b: a.b + (b.b - a.b) * t, a: a.a };
}

export const WHITE: Color = { r: 255, g: 255, b: 255, a: 1 };
export const BLACK: Color = { r: 0, g: 0, b: 0, a: 1 };
export const INK: Color = { r: 34, g: 34, b: 34, a: 1 };

/** `#rrggbb` of a colour (alpha dropped). */
export function toHex(c: Color): string {
  const h = (v: number) => Math.max(0, Math.min(255, Math.round(v))).toString(16).padStart(2, '0');
  return `#${h(c.r)}${h(c.g)}${h(c.b)}`;
}

/** The colours a picture uses for each class. */
export interface ClassColors {
  /** Points and curves. */
  solid: Color[];
  /** Point outlines (a darker shade). */
  outline: Color[];
  /** Region fills at full confidence (a light tint over white). */
  tint: Color[];
}

/** Class colours from a palette of hex strings (cycled if there are more classes than colours). */
export function classColors(classes: number, palette: readonly string[] = CLASS_PALETTE, tintStrength = 0.36): ClassColors {
  if (palette.length === 0) throw new Error('colour: the palette is empty');
  const solid: Color[] = [], outline: Color[] = [], tint: Color[] = [];
  for (let k = 0; k < Math.max(1, classes); k++) {
    const c = hex(palette[k % palette.length]!);
    solid.push(c);
    outline.push(mix(c, BLACK, 0.45));
    tint.push(mix(WHITE, c, tintStrength));
  }
  return { solid, outline, tint };
}

/**
 * Region colour of one probability vector: white at the most uncertain point
 * (all classes 1/C), the winning class's tint at certainty.
 */
export function regionColor(probs: ArrayLike<number>, offset: number, classes: number, colors: ClassColors): Color {
  let best = 0, pmax = -Infinity;
  for (let k = 0; k < classes; k++) {
    const p = probs[offset + k]!;
    if (p > pmax) { pmax = p; best = k; }
  }
  const C = Math.max(2, classes);
  const conf = Math.max(0, Math.min(1, (pmax - 1 / C) / (1 - 1 / C)));
  // A square-root ramp: most of the region reads as its class, only the band
  // near the boundary fades to white.
  return mix(WHITE, colors.tint[best]!, Math.sqrt(conf));
}
