/**
 * The essay report: one self-contained HTML file (no external URL: images are
 * inlined as data URIs, animations carry their own player) that opens with a
 * claims table — the essay's claim, what was measured, whether it holds — and
 * then one section per experiment with its table and pictures.
 */
import type { Claim, Experiment, SettingSummary } from '../experiments/types.js';
import type { ShardFile } from '../experiments/sweep.js';

/** A picture in the report: an image or a self-contained HTML widget, with its caption. */
export interface Figure {
  caption: string;
  /** A data: URI (PNG) or an inline <svg>…</svg> string. */
  image?: string;
  /** Inline HTML of a self-contained widget (e.g. an animation player). */
  html?: string;
}

export interface ExperimentSection {
  experiment: Experiment;
  file: ShardFile;
  summaries: SettingSummary[];
  claim: Claim;
  figures: Figure[];
  /** Extra metric columns to show, e.g. { maxJacobian: 'max ‖J‖_F' }. */
  metricColumns?: Record<string, string>;
  notes?: string[];
}

export interface ReportInput {
  title: string;
  generated: string;
  environment: Record<string, string | number>;
  sections: ExperimentSection[];
  /** Free sections after the experiments (e.g. MNIST results). */
  appendix?: { title: string; html: string }[];
}

/** The page's content width in CSS pixels: no picture is shown wider (figures.ts draws wider ones at this width). */
export const PAGE_WIDTH = 1100;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const pct = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(1)} %` : '–');
const num = (x: number) => (Number.isFinite(x) ? (Math.abs(x) >= 100 ? x.toFixed(0) : x.toPrecision(3)) : '–');

const VERDICT_CLASS: Record<Claim['verdict'], string> = { holds: 'ok', partly: 'part', 'does not hold': 'no' };

function claimsTable(sections: ExperimentSection[]): string {
  const rows = sections.map((s) => `<tr><td><a href="#${s.experiment.id}">${s.experiment.id.toUpperCase()}</a></td>` +
    `<td>${escapeHtml(s.claim.text)}</td><td>${escapeHtml(s.claim.measured)}</td>` +
    `<td class="${VERDICT_CLASS[s.claim.verdict]}">${escapeHtml(s.claim.verdict)}</td></tr>`);
  return `<table class="claims"><thead><tr><th>#</th><th>The essay's claim</th><th>What was measured</th><th>Holds?</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function settingsTable(s: ExperimentSection): string {
  const extra = Object.entries(s.metricColumns ?? {});
  const head = ['setting', 'runs', 'best', 'median', 'worst', 'test (median)', 'majority baseline', ...extra.map(([, t]) => t)];
  const rows = s.summaries.map((m) => `<tr><td>${escapeHtml(m.setting.label)}</td><td>${m.runs}</td><td>${pct(m.best)}</td><td>${pct(m.median)}</td>` +
    `<td>${pct(m.worst)}</td><td>${pct(m.testMedian)}</td><td>${pct(m.baseline)}</td>${extra.map(([k]) => `<td>${num(m.metrics[k] ?? NaN)}</td>`).join('')}</tr>`);
  return `<table class="runs" data-experiment="${s.experiment.id}"><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function figure(f: Figure): string {
  const body = f.html ?? (f.image?.startsWith('<svg') ? f.image : `<img src="${f.image ?? ''}" alt="${escapeHtml(f.caption)}">`);
  return `<figure>${body}<figcaption>${escapeHtml(f.caption)}</figcaption></figure>`;
}

export function renderReport(input: ReportInput): string {
  const sections = input.sections.map((s) => `
<section id="${s.experiment.id}">
<h2>${escapeHtml(s.experiment.title)}</h2>
<p class="claim"><b>Claim.</b> ${escapeHtml(s.claim.text)} <span class="${VERDICT_CLASS[s.claim.verdict]}">${escapeHtml(s.claim.verdict)}</span></p>
<p>${escapeHtml(s.claim.measured)}</p>
${settingsTable(s)}
<p class="small">${s.file.options.seeds} seeds per setting${s.file.options.quick ? ', quick size' : ''}; accuracy on the training points (the claims are about separating them), test = fresh points from the same distribution.</p>
${(s.notes ?? []).map((n) => `<p class="small">${escapeHtml(n)}</p>`).join('\n')}
<div class="figures">${s.figures.map(figure).join('\n')}</div>
</section>`).join('\n');
  const appendix = (input.appendix ?? []).map((a) => `<section><h2>${escapeHtml(a.title)}</h2>${a.html}</section>`).join('\n');
  const env = Object.entries(input.environment).map(([k, v]) => `${escapeHtml(k)}: ${escapeHtml(String(v))}`).join(' · ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(input.title)}</title>
<style>
body { font: 15px/1.5 system-ui, sans-serif; max-width: ${PAGE_WIDTH}px; margin: 2em auto; padding: 0 1em; color: #222; }
h1 { font-size: 1.6em; } h2 { margin-top: 2em; border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; margin: 1em 0; font-size: 0.92em; }
th, td { border: 1px solid #ccc; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f3f3f3; }
.claims td:nth-child(2) { width: 38%; }
.ok { color: #0a6b2d; font-weight: 600; } .part { color: #9a6700; font-weight: 600; } .no { color: #b00020; font-weight: 600; }
.figures { display: flex; flex-wrap: wrap; gap: 16px; }
figure { margin: 0; } figure img, figure svg { max-width: 100%; border: 1px solid #eee; }
figcaption { font-size: 0.85em; color: #555; max-width: 520px; }
.small { font-size: 0.85em; color: #555; }
tr.unreliable td:last-child { color: #9a6700; }
.barcodes td { padding: 2px; text-align: center; }
</style>
</head>
<body>
<h1>${escapeHtml(input.title)}</h1>
<p class="small">Generated ${escapeHtml(input.generated)} · ${env}</p>
<h2>Claims</h2>
${claimsTable(input.sections)}
${sections}
${appendix}
</body>
</html>
`;
}
