/**
 * The topology report of one run as HTML for the report page: a table (layer map,
 * homeomorphism, separability, Betti numbers with their consistency flag) and, beside it,
 * small multiples of each class's persistence barcode per representation.
 */
import { escapeHtml } from './html.js';
import type { ClassTopology, TopologyReport } from './topology.js';
import { barcodeSvg } from '../topology/barcode-svg.js';

function bettiText(b: ClassTopology): string {
  if (b.consistency === 'unreliable') {
    return `(${b.expected!.join(', ')}) by the maps; the barcode reads (${b.betti.join(', ')}) — unreliable: ${b.reason}`;
  }
  return `(${b.betti.join(', ')})${b.consistency === 'agrees' ? ' ✓' : ''}`;
}

export function topologyTableHtml(t: TopologyReport): string {
  const rows = t.representations.map((r) => {
    const layer = r.representation === 0 ? null : t.layers[r.representation - 1]!;
    const sep = r.separability === null ? '–'
      : Array.isArray(r.separability)
        ? r.separability.map((s, c) => `${c}: ${s === null ? '–' : s.separable ? 'yes' : 'no'}`).join(', ')
        : r.separability.separable ? `yes (margin ${r.separability.margin.toPrecision(2)})` : `no (hulls meet, ${r.separability.certificate.indices.length}-point certificate)`;
    const betti = r.betti.map((b, c) => `class ${c}: ${b === null ? '–' : 'error' in b ? 'too large' : bettiText(b)}`).join('; ');
    const unreliable = r.betti.some((b) => b !== null && !('error' in b) && b.consistency === 'unreliable');
    const map = layer === null ? 'input' : `${layer.type} ${layer.inputs}→${layer.units} ${layer.activation}${layer.det !== null ? `, det W = ${layer.det.toPrecision(3)}` : ''}`;
    const homeo = layer === null ? '' : layer.homeomorphism ? 'yes' : `no — ${layer.reason}`;
    return `<tr${unreliable ? ' class="unreliable"' : ''}><td>${r.representation}</td><td>${escapeHtml(map)}</td><td>${escapeHtml(homeo)}</td><td>${escapeHtml(sep)}</td><td>${escapeHtml(betti)}</td></tr>`;
  });
  const first = t.representations.flatMap((r) => r.betti).find((b): b is ClassTopology => b !== null && !('error' in b));
  const rule = first ? `<p class="small">Betti numbers: ${escapeHtml(first.metric)}; ${escapeHtml(first.scaleRule)}${first.landmarks !== null ? `; computed on ${first.landmarks} maxmin landmarks of the class's points` : ''} (numbers of the first class at the input; every cell applies the same rule to its own barcode). ✓: the layer is a homeomorphism and the estimate agrees with the previous representation.</p>` : '';
  return `<table class="topology"><thead><tr><th>rep.</th><th>layer</th><th>homeomorphism?</th><th>linearly separable?</th><th>Betti numbers (β0, β1[, β2])</th></tr></thead><tbody>${rows.join('')}</tbody></table>${rule}${barcodeGridHtml(t)}`;
}

/**
 * Small multiples: one row per class, one column per representation, each cell the class's
 * barcode there (dashed line: the rule's cut; dark bars count). Cells flagged unreliable
 * get a red frame.
 */
export function barcodeGridHtml(t: TopologyReport): string {
  const head = t.representations.map((r) => `<th>${r.representation === 0 ? 'input' : `after layer ${r.representation}`}</th>`).join('');
  const rows = Array.from({ length: t.classes }, (_, c) => {
    const cells = t.representations.map((r) => {
      const b = r.betti[c];
      if (!b || 'error' in b) return '<td>–</td>';
      const svg = barcodeSvg({ bars: b.bars, threshold: b.threshold, cut: b.scale }, { width: 150, rowHeight: 2, maxBarsPerDim: 16, title: `class ${c}, representation ${r.representation}: β = (${b.betti.join(', ')})` });
      const style = b.consistency === 'unreliable' ? ' style="outline:2px solid #b00020"' : '';
      return `<td${style}>${svg}<br><span class="small">(${b.betti.join(', ')})${b.consistency === 'unreliable' ? ' unreliable' : ''}</span></td>`;
    });
    return `<tr><th>class ${c}</th>${cells.join('')}</tr>`;
  });
  return `<table class="barcodes"><thead><tr><th></th>${head}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}
