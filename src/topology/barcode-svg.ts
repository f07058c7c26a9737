/**
 * A persistence barcode as a small self-contained inline SVG (no fonts or scripts from
 * outside): one horizontal bar per class, grouped by dimension (β0, β1, β2 in their own
 * colours), on a common scale axis from 0 to the filtration threshold; bars alive at the
 * threshold end in an arrow. A dashed line marks the rule's cut measured from 0, so a bar
 * counts when it is longer than the dashed line's offset; counted bars are drawn dark.
 * Pure string building, so it runs in Node and in browsers.
 */
import { OptionError } from '../errors.js';

/** What the picture needs: bars per dimension as [birth, death] (death null or ∞ = alive at the threshold). */
export interface BarcodeInput {
  bars: ([number, number | null] | { birth: number; death: number })[][];
  threshold: number;
  /** The rule's cut (bars longer than this count); omitted: no marker and every bar drawn alike. */
  cut?: number;
}

/** Options of {@link barcodeSvg}: size, colours, the rule's cut to mark. */
export interface BarcodeSvgOptions {
  /** Width in px. Default 180. */
  width?: number;
  /** Height of one bar row in px. Default 3. */
  rowHeight?: number;
  /** Show at most this many bars per dimension (the longest ones). Default 24. */
  maxBarsPerDim?: number;
  /** Title for screen readers and hover. */
  title?: string;
}

const COLOURS = ['#1f77b4', '#d62728', '#2ca02c'];
const FAINT = ['#9ecae1', '#f4a6a6', '#a8ddb5'];

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * The barcode as an `<svg>` string.
 *
 *   el.innerHTML = barcodeSvg({ bars: b.bars, threshold: b.threshold, cut: b.cut });
 */
export function barcodeSvg(barcode: BarcodeInput, options: BarcodeSvgOptions = {}): string {
  const width = options.width ?? 180, row = options.rowHeight ?? 3, cap = options.maxBarsPerDim ?? 24;
  if (!(width >= 40) || !(row >= 1) || !(cap >= 1)) throw new OptionError(`barcodeSvg: width ≥ 40, rowHeight ≥ 1 and maxBarsPerDim ≥ 1 needed, got ${width}, ${row}, ${cap}`);
  const tau = barcode.threshold > 0 && Number.isFinite(barcode.threshold) ? barcode.threshold : 1;
  const left = 18, right = 6, plot = width - left - right;
  const x = (v: number) => left + (plot * Math.min(v, tau)) / tau;
  const parts: string[] = [];
  let y = 4;
  barcode.bars.forEach((list, p) => {
    const bars = list.map((b) => (Array.isArray(b) ? { birth: b[0], death: b[1] ?? Infinity } : b))
      .map((b) => ({ ...b, length: Math.min(b.death, tau) - b.birth }))
      .sort((a, b) => b.length - a.length);
    const shown = bars.slice(0, cap).sort((a, b) => a.birth - b.birth || b.length - a.length);
    parts.push(`<text x="2" y="${y + 6}" font-size="8" fill="${COLOURS[p] ?? '#444'}">β${p}</text>`);
    // The count of hidden bars goes on its own line above the group, clear of the bars.
    if (bars.length > shown.length) {
      parts.push(`<text x="${width - 2}" y="${y + 6}" font-size="7" text-anchor="end" fill="#777">${shown.length} longest of ${bars.length}</text>`);
      y += 9;
    }
    const top = y;
    // The group's bars (and arrows) as one path per colour: a report holds over a hundred
    // of these pictures, and a rect element a bar was most of their bytes.
    const shapes = new Map<string, string>();
    for (const b of shown) {
      const counted = barcode.cut === undefined || b.length > barcode.cut;
      const colour = counted ? COLOURS[p] ?? '#444' : FAINT[p] ?? '#bbb';
      const x0 = x(b.birth), x1 = Math.max(x(b.death), x0 + 1), w = tenth(x1 - x0);
      let d = `M${tenth(x0)} ${y}h${w}v${Math.max(1, row - 1)}h-${w}z`;
      if (b.death > tau) d += `M${tenth(x1)} ${y - 1}l3 ${row / 2 + 0.5}l-3 ${row / 2 + 0.5}z`;
      shapes.set(colour, (shapes.get(colour) ?? '') + d);
      y += row;
    }
    for (const [colour, d] of shapes) parts.push(`<path d="${d}" fill="${colour}"/>`);
    if (shown.length === 0) y += row;
    parts.push(`<line x1="${left}" x2="${left}" y1="${top}" y2="${y}" stroke="#ccc"/>`);
    y += 4;
  });
  if (barcode.cut !== undefined) {
    const c = tenth(x(barcode.cut));
    parts.push(`<line x1="${c}" x2="${c}" y1="2" y2="${y}" stroke="#555" stroke-dasharray="2 2"/>`);
  }
  parts.push(`<text x="${left}" y="${y + 8}" font-size="7" fill="#777">0</text><text x="${width - right}" y="${y + 8}" font-size="7" text-anchor="end" fill="#777">${fmt(tau)}</text>`);
  const height = y + 11;
  const title = options.title ? `<title>${esc(options.title)}</title>` : '';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">${title}${parts.join('')}</svg>`;
}

/** A pixel position to 0.1 px, without a trailing '.0'. */
function tenth(v: number): string {
  return String(Math.round(v * 10) / 10);
}

function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toPrecision(3);
}
