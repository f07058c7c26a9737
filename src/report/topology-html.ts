/** The topology report of one run as an HTML table for the report page. */
import { escapeHtml } from './html.js';
import type { TopologyReport } from './topology.js';

export function topologyTableHtml(t: TopologyReport): string {
  const rows = t.representations.map((r) => {
    const layer = r.representation === 0 ? null : t.layers[r.representation - 1]!;
    const sep = r.separability === null ? '–'
      : Array.isArray(r.separability)
        ? r.separability.map((s, c) => `${c}: ${s === null ? '–' : s.separable ? 'yes' : 'no'}`).join(', ')
        : r.separability.separable ? `yes (margin ${r.separability.margin.toPrecision(2)})` : `no (hulls meet, ${r.separability.certificate.indices.length}-point certificate)`;
    const betti = r.betti.map((b, c) => `class ${c}: ${b === null ? '–' : 'error' in b ? 'too large' : `(${b.betti.join(', ')})`}`).join('; ');
    const map = layer === null ? 'input' : `${layer.type} ${layer.inputs}→${layer.units} ${layer.activation}${layer.det !== null ? `, det W = ${layer.det.toPrecision(3)}` : ''}`;
    const homeo = layer === null ? '' : layer.homeomorphism ? 'yes' : `no — ${layer.reason}`;
    return `<tr><td>${r.representation}</td><td>${escapeHtml(map)}</td><td>${escapeHtml(homeo)}</td><td>${escapeHtml(sep)}</td><td>${escapeHtml(betti)}</td></tr>`;
  });
  return `<table class="topology"><thead><tr><th>rep.</th><th>layer</th><th>homeomorphism?</th><th>linearly separable?</th><th>Betti numbers (β0, β1[, β2])</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}
