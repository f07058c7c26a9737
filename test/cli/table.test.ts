import { describe, it, expect } from 'vitest';
import { colourEnabled, displayWidth, formatTable, wrap } from '../../src/cli/table.js';
import { claimsTable } from '../../src/cli/claims-table.js';
import { describeFailure } from '../../src/cli/failure.js';
import { OptionError, UsageError } from '../../src/errors.js';

const ESC = '\u001b[';

describe('terminal tables', () => {
  it('counts display cells: ✓ × λ one each, CJK and ✅ two, combining marks none', () => {
    expect(displayWidth('✓×λ')).toBe(3);
    expect(displayWidth('漢字')).toBe(4);
    expect(displayWidth('✅')).toBe(2);
    expect(displayWidth('e\u0301')).toBe(1);
    expect(displayWidth(`${ESC}32mok${ESC}39m`)).toBe(2);
  });

  it('aligns columns by display width, numbers to the right', () => {
    const text = formatTable(
      [{ header: 'name' }, { header: 'ok' }, { header: 'value', align: 'right' }],
      [['λ = 0.1', '✓', '1.5'], ['漢字', '×', '12.25'], ['plain', '✅', '3']],
    );
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(5);
    // Every line ends with the right-aligned value column, so all full lines have one width.
    const full = lines.filter((l) => !l.startsWith('─'));
    expect(new Set(full.map(displayWidth)).size).toBe(1);
    // The second column starts at the same cell on every row.
    const at = (line: string, ch: string) => displayWidth(line.slice(0, line.indexOf(ch)));
    expect(at(lines[2]!, '✓')).toBe(at(lines[3]!, '×'));
    expect(at(lines[3]!, '×')).toBe(at(lines[4]!, '✅'));
    expect(lines[3]!.endsWith('12.25')).toBe(true);
    expect(lines[2]!.endsWith('  1.5')).toBe(true);
  });

  it('wraps long cells without exceeding the column', () => {
    const lines = wrap('the penalty removes the stretching and with it the accuracy it bought', 20);
    expect(lines.length).toBeGreaterThan(2);
    for (const l of lines) expect(displayWidth(l)).toBeLessThanOrEqual(20);
    expect(lines.join(' ')).toBe('the penalty removes the stretching and with it the accuracy it bought');
    expect(wrap('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
  });

  it('colours toned cells only when asked, and NO_COLOR wins over a terminal', () => {
    const rows = [[{ text: 'holds', tone: 'green' as const }]];
    expect(formatTable([{ header: 'verdict' }], rows)).not.toContain(ESC);
    expect(formatTable([{ header: 'verdict' }], rows, { colour: true })).toContain(`${ESC}32mholds`);
    expect(colourEnabled({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(colourEnabled({ isTTY: false }, {})).toBe(false);
    expect(colourEnabled({ isTTY: true }, {})).toBe(true);
    expect(colourEnabled({ isTTY: false }, { FORCE_COLOR: '1' })).toBe(true);
    expect(colourEnabled({ isTTY: true }, { NO_COLOR: '1', FORCE_COLOR: '1' })).toBe(false);
  });

  it('the claims table shows each claim with its verdict, coloured by verdict', () => {
    const claims = [
      { experiment: 'e1', claim: { text: 'Width 2 cannot separate a disk from an annulus.', measured: 'Width 2: best 97 %.', verdict: 'holds' as const } },
      { experiment: 'e4', claim: { text: 'Linked tori need four dimensions.', measured: 'Width 3: best 99 %.', verdict: 'partly' as const } },
    ];
    const plain = claimsTable(claims, { width: 80 });
    expect(plain).toMatch(/^E1 .*holds$/m);
    expect(plain).toMatch(/^E4 .*partly$/m);
    expect(plain).not.toContain(ESC);
    for (const line of plain.split('\n')) expect(displayWidth(line)).toBeLessThanOrEqual(80);
    expect(claimsTable(claims, { width: 80, colour: true })).toContain(`${ESC}33mpartly`);
  });
});

describe('CLI failure line', () => {
  it('names the code of Untangle errors; usage errors exit with 2, others with 1', () => {
    expect(describeFailure(new UsageError('bad'))).toEqual({ line: 'untangle: bad [USAGE]', exitCode: 2 });
    expect(describeFailure(new OptionError('--out: cannot write', 'out'))).toEqual({ line: 'untangle: --out: cannot write [BAD_OPTION]', exitCode: 1 });
    expect(describeFailure(new Error('two\nlines')).line).toBe('untangle: two lines');
    const parse = Object.assign(new TypeError("Unknown option '--x'"), { code: 'ERR_PARSE_ARGS_UNKNOWN_OPTION' });
    expect(describeFailure(parse)).toEqual({ line: "untangle: Unknown option '--x' [USAGE]", exitCode: 2 });
  });
});
