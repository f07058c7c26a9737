/**
 * Aligned plain-text tables for the terminal: columns padded by display width
 * (✓, ×, λ take one cell, CJK and emoji two, combining marks none), long cells
 * wrapped at word boundaries, and optional ANSI colour that never reaches pipes,
 * files or a terminal with NO_COLOR set.
 */

/** A colour for a cell; the text is the same with or without it. */
export type Tone = 'green' | 'yellow' | 'red' | 'dim' | 'bold';

/** A cell: plain text, or text with a tone. */
export type Cell = string | { text: string; tone?: Tone };

export interface Column {
  header: string;
  /** 'right' for numbers. Default 'left'. */
  align?: 'left' | 'right';
  /** Wrap longer cells onto more lines at this many cells wide. */
  maxWidth?: number;
}

export interface TableOptions {
  /** Emit ANSI colour codes for toned cells. Default false. */
  colour?: boolean;
  /** Spaces between columns. Default 2. */
  gap?: number;
}

const ANSI: Record<Tone, [string, string]> = {
  green: ['\u001b[32m', '\u001b[39m'],
  yellow: ['\u001b[33m', '\u001b[39m'],
  red: ['\u001b[31m', '\u001b[39m'],
  dim: ['\u001b[2m', '\u001b[22m'],
  bold: ['\u001b[1m', '\u001b[22m'],
};

/**
 * Whether to colour what goes to `stream`: never with NO_COLOR set (non-empty),
 * always with FORCE_COLOR set to anything but 0/false, otherwise only on a terminal.
 */
export function colourEnabled(stream: { isTTY?: boolean } = process.stdout, env: Record<string, string | undefined> = process.env): boolean {
  if (env.NO_COLOR) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  return stream.isTTY === true;
}

/** Cells a string takes in a terminal (escape codes count zero). */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text.replace(/\u001b\[[0-9;]*m/g, '')) width += charWidth(ch.codePointAt(0)!);
  return width;
}

function charWidth(cp: number): number {
  if (cp === 0x200d || (cp >= 0xfe00 && cp <= 0xfe0f) || /\p{Mn}|\p{Me}|\p{Cf}/u.test(String.fromCodePoint(cp))) return 0;
  return isWide(cp) ? 2 : 1;
}

/** East Asian Wide/Fullwidth blocks and emoji shown two cells wide (a compact subset of Unicode's table). */
function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0x303e) ||
    (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    cp === 0x2705 || cp === 0x274c || cp === 0x2b50 ||
    (cp >= 0x1f300 && cp <= 0x1f64f) ||
    (cp >= 0x1f900 && cp <= 0x1f9ff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

/** Splits text into lines of at most `width` cells, at spaces where possible. */
export function wrap(text: string, width: number): string[] {
  if (displayWidth(text) <= width) return [text];
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    let w = word;
    // A word longer than the column is cut, so no line ever exceeds it.
    while (displayWidth(w) > width) {
      if (line) { lines.push(line); line = ''; }
      let cut = '';
      for (const ch of w) {
        if (displayWidth(cut + ch) > width) break;
        cut += ch;
      }
      lines.push(cut);
      w = w.slice(cut.length);
    }
    if (!line) line = w;
    else if (displayWidth(`${line} ${w}`) <= width) line += ` ${w}`;
    else { lines.push(line); line = w; }
  }
  if (line) lines.push(line);
  return lines.length > 0 ? lines : [''];
}

/** Formats rows under a header line and a rule; every line ends with a newline. */
export function formatTable(columns: readonly Column[], rows: readonly (readonly Cell[])[], options: TableOptions = {}): string {
  const gap = ' '.repeat(options.gap ?? 2);
  const cells = rows.map((row) => columns.map((col, i) => {
    const cell = row[i] ?? '';
    const { text, tone } = typeof cell === 'string' ? { text: cell, tone: undefined } : cell;
    return { lines: col.maxWidth ? wrap(text, col.maxWidth) : [text], tone };
  }));
  const widths = columns.map((col, i) =>
    Math.max(displayWidth(col.header), ...cells.map((row) => Math.max(...row[i]!.lines.map(displayWidth)))));
  const pad = (text: string, i: number) => {
    const fill = ' '.repeat(widths[i]! - displayWidth(text));
    return columns[i]!.align === 'right' ? fill + text : text + fill;
  };
  const paint = (text: string, tone: Tone | undefined) => (options.colour && tone && text.trim() ? ANSI[tone][0] + text + ANSI[tone][1] : text);
  const line = (parts: string[]) => parts.join(gap).trimEnd() + '\n';
  let out = line(columns.map((col, i) => pad(col.header, i)));
  out += line(widths.map((w) => '─'.repeat(w)));
  for (const row of cells) {
    const height = Math.max(...row.map((c) => c.lines.length));
    for (let k = 0; k < height; k++) out += line(row.map((c, i) => pad(paint(c.lines[k] ?? '', c.tone), i)));
  }
  return out;
}
