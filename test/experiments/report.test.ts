// The report: one self-contained, well-formed HTML file holding every
// experiment's claim and table, with pictures inlined and no external URL.
import { describe, it, expect } from 'vitest';
import { EXPERIMENTS, runJobs } from '../../src/experiments/index.js';
import { buildReport } from '../../src/report/build.js';
import { experimentPictures } from '../../src/report/experiment-pictures.js';
import { testEngine } from '../helpers/engine.js';

/** Checks tags balance (void elements aside) and returns the open-tag names seen. */
function wellFormed(html: string): string[] {
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

describe('HTML report', () => {
  it('holds every experiment\'s claim and table, with inline pictures and players, and nothing external', async () => {
    const engine = await testEngine();
    const files = Object.values(EXPERIMENTS).map((ex) => runJobs(engine, ex, { seeds: 2, quick: true }, { index: 0, count: 1 }));
    const html = await buildReport(files, { pictures: experimentPictures(engine) });
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
  }, 120_000);

  it('refuses an unmerged shard', async () => {
    const engine = await testEngine();
    const shard = runJobs(engine, EXPERIMENTS.e2!, { seeds: 1, quick: true }, { index: 0, count: 2 });
    await expect(buildReport([shard])).rejects.toThrow(/merge the shards first/);
  });
});
