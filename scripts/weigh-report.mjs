// Lists what an essay report's bytes are made of: each inlined picture (data: URI)
// with its caption, each embedded player with its title and its packed data (JSON
// and frame values, sizes inflated), the barcode SVGs together, heaviest first;
// then the total in bytes (UTF-8), which the report's budget (3 MB) is about.
// Usage: node scripts/weigh-report.mjs [out/essay/report.html]
import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';

const path = process.argv[2] ?? 'out/essay/report.html';
const html = readFileSync(path, 'utf8');
const rows = [];
for (const m of html.matchAll(/<img src="(data:[^"]*)" alt="([^"]*)"/g)) {
  rows.push({ kind: 'png', bytes: m[1].length, title: m[2] });
}
for (const m of html.matchAll(/<iframe srcdoc="([^"]*)"/g)) {
  const page = m[1].replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  const title = /<title>([^<]*)<\/title>/.exec(page)?.[1] ?? '?';
  const packed = /<script id="untangle-data"[^>]*>([^<]*)</.exec(page)?.[1] ?? '';
  // Packed by src/render/frame-stream.ts: JSON length (uint32 LE), JSON, the values' two byte planes.
  const bytes = packed ? inflateSync(Buffer.from(packed, 'base64')) : Buffer.alloc(4);
  const json = bytes.length >= 4 ? bytes.readUInt32LE(0) : 0;
  const values = Math.max(0, (bytes.length - 4 - json) / 2);
  rows.push({ kind: 'player', bytes: m[1].length, title: `${title} (packed ${kb(packed.length)}: JSON ${kb(json)} and ${values} values inflated)` });
}
const svgs = [...html.matchAll(/<svg[\s\S]*?<\/svg>/g)].map((m) => m[0].length);
if (svgs.length) rows.push({ kind: 'svg', bytes: svgs.reduce((s, n) => s + n, 0), title: `${svgs.length} inline SVGs (barcodes)` });
function kb(n) { return `${(n / 1024).toFixed(1)} kB`; }
rows.sort((a, b) => b.bytes - a.bytes);
for (const r of rows) console.log(`${kb(r.bytes).padStart(10)}  ${r.kind.padEnd(6)}  ${r.title.slice(0, 110)}`);
const sum = (k) => rows.filter((r) => r.kind === k).reduce((s, r) => s + r.bytes, 0);
const total = Buffer.byteLength(html);
console.log(`total ${total} bytes (${kb(total)}): ${rows.filter((r) => r.kind === 'png').length} pictures ${kb(sum('png'))}, players ${kb(sum('player'))}, SVGs ${kb(sum('svg'))}, rest ${kb(html.length - sum('png') - sum('player') - sum('svg'))}`);
