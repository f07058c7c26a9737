// Lists what an essay report's bytes are made of: each inlined picture (data: URI)
// with its caption, each embedded player with its title and frame data, heaviest first.
// Usage: node scripts/weigh-report.mjs [out/essay/report.html]
import { readFileSync } from 'node:fs';

const path = process.argv[2] ?? 'out/essay/report.html';
const html = readFileSync(path, 'utf8');
const rows = [];
for (const m of html.matchAll(/<img src="(data:[^"]*)" alt="([^"]*)"/g)) {
  rows.push({ kind: 'png', bytes: m[1].length, title: m[2] });
}
for (const m of html.matchAll(/<iframe srcdoc="([^"]*)"/g)) {
  const page = m[1].replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  const title = /<title>([^<]*)<\/title>/.exec(page)?.[1] ?? '?';
  const frames = /<script id="untangle-frames"[^>]*>([^<]*)</.exec(page)?.[1].length ?? 0;
  const data = /<script id="untangle-data"[^>]*>([^<]*)</.exec(page)?.[1].length ?? 0;
  rows.push({ kind: 'player', bytes: m[1].length, title: `${title} (frames ${kb(frames)}, data ${kb(data)})` });
}
function kb(n) { return `${(n / 1024).toFixed(1)} kB`; }
rows.sort((a, b) => b.bytes - a.bytes);
for (const r of rows) console.log(`${kb(r.bytes).padStart(10)}  ${r.kind.padEnd(6)}  ${r.title.slice(0, 110)}`);
const sum = (k) => rows.filter((r) => r.kind === k).reduce((s, r) => s + r.bytes, 0);
console.log(`total ${kb(html.length)}: ${rows.filter((r) => r.kind === 'png').length} pictures ${kb(sum('png'))}, players ${kb(sum('player'))}, rest ${kb(html.length - sum('png') - sum('player'))}`);
