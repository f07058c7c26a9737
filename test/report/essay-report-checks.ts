// What a whole essay report must hold, checked on the test suite's one essay run
// (`untangle essay --quick --seeds 3` in test/cli/cli.test.ts).
import { expect } from 'vitest';
import { EXPERIMENTS } from '../../src/experiments/index.js';

/** Checks tags balance (void elements aside) and returns the open-tag names seen. */
export function wellFormed(html: string): string[] {
  const voids = new Set(['meta', 'img', 'br', 'hr', 'input', 'link', 'source', 'col']);
  const stack: string[] = [];
  const seen: string[] = [];
  const body = html.replace(/<!DOCTYPE[^>]*>/i, '').replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, '<$1></$1>');
  for (const m of body.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?(\/?)>/g)) {
    const [, close, tag, selfClose] = m;
    const name = tag!.toLowerCase();
    if (close) {
      const top = stack.pop();
      if (top !== name) throw new Error(`</${name}> closes <${top}>`);
    } else if (!voids.has(name) && !selfClose) {
      stack.push(name);
      seen.push(name);
    }
  }
  if (stack.length) throw new Error(`unclosed: ${stack.join(', ')}`);
  return seen;
}

/**
 * The essay report's budget: at most 3 MB at full size (`npm start`: 8 seeds, full data).
 * That run takes over a minute, so the test holds the quick report of every experiment to
 * the budget divided by the measured ratio of the two. The quick report shows the same
 * pictures (best and typical run of every featured setting; 3 seeds so the two differ), at
 * the same pixel sizes, the same players and barcodes; its data sets have half the points
 * and its training is shorter. Measured with scripts/weigh-report.mjs on `npm start` and on
 * `untangle essay --quick` (3 seeds): full 2,838,665 bytes (56 pictures 1.98 MB, players 646 kB, SVGs 135 kB), quick 2,657,032 bytes
 * (pictures 1.97 MB, players 479 kB: their frames carry every point), full/quick 1.068.
 */
const ESSAY_BUDGET = 3e6;
const FULL_OVER_QUICK = 1.068;

/** Every experiment's claim and table, inline pictures and players, nothing external, within the budget. */
export function checkEssayReport(html: string): void {
  expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
  wellFormed(html);
  for (const id of Object.keys(EXPERIMENTS)) {
    expect(html).toContain(`<section id="${id}">`);
    expect(html).toMatch(new RegExp(`<table class="runs" data-experiment="${id}">`));
    expect(html).toMatch(new RegExp(`<a href="#${id}">${id.toUpperCase()}</a>`));
  }
  expect((html.match(/<tr><td><a href="#e\d">/g) ?? []).length).toBe(Object.keys(EXPERIMENTS).length);
  expect((html.match(/src="data:image\/png;base64,/g) ?? []).length).toBeGreaterThanOrEqual(12);
  expect((html.match(/<iframe srcdoc=/g) ?? []).length).toBeGreaterThanOrEqual(2);
  expect(html).not.toMatch(/(src|href)="https?:/);
  expect(html).not.toMatch(/url\(https?:/);
  // The picture set of the full report: a strip of the best and of a typical run of every featured setting.
  const featured = Object.values(EXPERIMENTS).reduce((n, ex) => n + ex.featured.length, 0);
  expect((html.match(/alt="Every layer&#39;s representation[^"]* best run /g) ?? []).length).toBe(featured);
  expect((html.match(/alt="Every layer&#39;s representation[^"]* typical run /g) ?? []).length).toBe(featured);
  // Measured 2,657,032 bytes: 5 % under.
  expect(Buffer.byteLength(html)).toBeLessThanOrEqual(ESSAY_BUDGET / FULL_OVER_QUICK);
}
