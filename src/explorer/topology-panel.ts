/**
 * The topology panel: persistence barcodes of each class's cloud in every
 * layer's representation, as small multiples (a row per class, a column per
 * layer), with the Betti numbers the barcode rule reads from them. Computed
 * one cloud per turn of the event loop, so the page stays live; a newer
 * request cancels the one before.
 */
import type { Model } from '../model/model.js';
import type { Dataset } from '../data/dataset.js';
import { representations } from '../export/representations.js';
import { classPoints, layerTopology } from '../report/topology.js';
import { cloudBarcode } from '../topology/barcode.js';
import { barcodeSvg } from '../topology/barcode-svg.js';
import { yieldToEventLoop } from '../train/fit-async.js';
import { CLASS_PALETTE } from '../render/color.js';
import { layerTitle } from './pictures.js';

/** Points per class cloud (evenly thinned) and the landmarks the barcode keeps. */
const CLOUD_POINTS = 160;
const LANDMARKS = 80;
const MAX_CLASSES = 4;

export class TopologyPanel {
  private generation = 0;

  constructor(private readonly root: HTMLElement) {}

  /** Forgets the shown barcodes (the model changed). */
  clear(message: string): void {
    this.generation++;
    this.root.replaceChildren(Object.assign(document.createElement('p'), { className: 'ux-hint', textContent: message }));
  }

  /** Computes and shows every layer's barcodes for the model as it is now. */
  async show(model: Model, data: Dataset): Promise<void> {
    const generation = ++this.generation;
    const reps = representations(model, data, { grid: false });
    const classes = Math.min(data.targets ? 1 : data.classes, MAX_CLASSES);
    const table = document.createElement('table');
    table.className = 'ux-barcodes';
    const head = table.createTHead().insertRow();
    head.insertCell().textContent = '';
    reps.layers.forEach((l) => { head.appendChild(document.createElement('th')).textContent = layerTitle(model, l.layer); });
    const cells: HTMLTableCellElement[][] = [];
    for (let c = 0; c < classes; c++) {
      const row = table.insertRow();
      const name = row.insertCell();
      name.innerHTML = data.targets ? 'all points' : `<span class="ux-swatch" style="background:${CLASS_PALETTE[c % CLASS_PALETTE.length]}"></span>class ${c}`;
      cells.push(reps.layers.map(() => Object.assign(row.insertCell(), { textContent: '…' })));
    }
    this.root.replaceChildren(mapsTable(model), table);
    for (const l of reps.layers) {
      for (let c = 0; c < classes; c++) {
        await yieldToEventLoop();
        if (generation !== this.generation) return;
        const labels = data.targets ? new Int32Array(reps.labels.length) : reps.labels;
        const cloud = classPoints(l.points, l.width, labels, c, CLOUD_POINTS);
        const cell = cells[c]![l.layer]!;
        if (cloud.length / l.width < 4) { cell.textContent = 'too few points'; continue; }
        try {
          const b = cloudBarcode(cloud, l.width, { landmarks: LANDMARKS });
          cell.innerHTML = `<div class="ux-betti">β₀ = ${b.betti[0]}, β₁ = ${b.betti[1]}</div>` +
            barcodeSvg({ bars: b.bars, threshold: b.threshold, cut: b.cut }, { width: 150, rowHeight: 3, maxBarsPerDim: 10, title: `class ${c}, ${layerTitle(model, l.layer)}` });
        } catch (error) {
          cell.textContent = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        }
      }
    }
    this.root.dataset.done = String(generation);
  }
}

const fmt = (v: number) => (Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(2) : v.toPrecision(3)).replace('-', '−');

/** Each layer as a map: det W, and whether it is a homeomorphism (so it cannot untangle), with the reason. */
function mapsTable(model: Model): HTMLTableElement {
  const table = document.createElement('table');
  table.className = 'ux-barcodes';
  table.dataset.role = 'maps';
  const head = table.createTHead().insertRow();
  for (const h of ['layer', 'map', 'det W', 'homeomorphism?', 'why']) head.appendChild(document.createElement('th')).textContent = h;
  for (const f of layerTopology(model)) {
    const row = table.insertRow();
    const cells = [String(f.layer), `${f.inputs} → ${f.units} ${f.type === 'dense' ? f.activation : f.type}`, f.det === null ? '—' : fmt(f.det), f.homeomorphism ? 'yes' : 'no', f.reason];
    for (const text of cells) row.insertCell().textContent = text;
  }
  return table;
}
