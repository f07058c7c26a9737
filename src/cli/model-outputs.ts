/**
 * Everything `untangle train --out` and `untangle export` write about a trained
 * model: the export data (versioned JSON, docs/export-schema.md), the topology
 * report, and the pictures as PNG and SVG plus an offline animation player; for a
 * regression data set, the predicted curve or surface (data and picture) instead.
 */
import type { Dataset } from '../data/dataset.js';
import type { Model } from '../model/model.js';
import { decisionRegions } from '../export/decision-regions.js';
import { representations } from '../export/representations.js';
import { animateNetwork } from '../export/layer-animation.js';
import { exportToJSON } from '../export/schema.js';
import { animationHtml, animationPngFrames, toPng, toSvg, writeImage } from '../render/index.js';
import { networkAnimationFrames, regionsPicture, representationStrip } from '../report/figures.js';
import { topologyReport } from '../report/topology.js';
import { predictionGrid } from '../export/prediction-grid.js';
import { predictionPicture } from '../render/prediction-picture.js';

export async function writeModelOutputs(model: Model, data: Dataset, dir: string, progress: (what: string) => void = () => {}): Promise<string[]> {
  if (data.targets) return writeRegressionOutputs(model, data, dir);
  const fs = await import('node:fs/promises');
  const path = await import('node:path');
  await fs.mkdir(dir, { recursive: true });
  const written: string[] = [];
  const write = async (name: string, content: string | Uint8Array) => {
    const file = path.join(dir, name);
    if (typeof content === 'string' && !name.endsWith('.svg')) {
      const tmp = `${file}.${process.pid}.tmp`;
      await fs.writeFile(tmp, content);
      await fs.rename(tmp, file);
    } else {
      await writeImage(file, content);
    }
    written.push(name);
  };
  const json = (value: unknown) => JSON.stringify(exportToJSON(value, { digits: 7 })) + '\n';

  progress('decision regions');
  if (data.dim <= 3) await write('decision-regions.json', json(decisionRegions(model, data, { resolution: data.dim === 3 ? 60 : 200 })));
  const regions = regionsPicture(model, data, `${data.name}: decision regions`);
  if (regions) {
    await write('decision-regions.png', toPng(regions));
    await write('decision-regions.svg', toSvg(regions));
  }
  progress('representations');
  await write('representations.json', json(representations(model, data)));
  const strip = representationStrip(model, data, `${data.name}: layer by layer`);
  await write('layers.png', toPng(strip));
  await write('layers.svg', toSvg(strip));
  if (model.widths.every((w) => w <= 3) && model.layers.every((l) => l.type === 'dense' || l.type === 'vectorfield')) {
    progress('layer animation');
    await write('animation.json', animationJson(model, data));
    const seq = networkAnimationFrames(model, data, `${data.name}: the network as a continuous deformation`);
    if (seq) {
      await write('animation.html', animationHtml(seq, { width: 480, height: 480, fps: 20 }));
      await fs.mkdir(path.join(dir, 'animation-frames'), { recursive: true });
      const pngs = animationPngFrames(seq, { width: 480, height: 480 });
      for (let i = 0; i < pngs.length; i++) await write(path.join('animation-frames', `frame-${String(i).padStart(3, '0')}.png`), pngs[i]!);
    }
  }
  progress('topology');
  await write('topology.json', JSON.stringify(topologyReport(model, data), null, 1) + '\n');
  return written;
}

/**
 * animation.json: every layer's deformation, sized for a file people download
 * (≤ 5 MB for three 3-D layers over 1000 points, a test holds it): 6 frames a
 * phase, 4 significant digits (a thousandth of the view, below a pixel), and in
 * 3-D a 5-line lattice of 21-point grid lines (the default 7 × 101 made 54 MB).
 */
export function animationJson(model: Model, data: Dataset): string {
  const grid = data.dim === 3 || model.widths.some((w) => w === 3) ? { linesPerAxis: 5, pointsPerLine: 21 } : { pointsPerLine: 41 };
  return JSON.stringify(exportToJSON(animateNetwork(model, data, { framesPerPhase: 6, ...grid }), { digits: 4 })) + '\n';
}

/** A regression's pictures and their data: the predicted curve or surface on a grid (1-D and 2-D inputs). */
async function writeRegressionOutputs(model: Model, data: Dataset, dir: string): Promise<string[]> {
  if (data.dim > 2) return [];
  const fs = await import('node:fs/promises');
  const path = await import('node:path');
  await fs.mkdir(dir, { recursive: true });
  const grid = predictionGrid(model, data, { resolution: data.dim === 1 ? 401 : 100 });
  await fs.writeFile(path.join(dir, 'prediction-grid.json'), JSON.stringify(exportToJSON(grid, { digits: 7 })) + '\n');
  const picture = predictionPicture({ ...grid, title: `${data.name}: prediction` });
  await writeImage(path.join(dir, 'prediction.png'), toPng(picture));
  await writeImage(path.join(dir, 'prediction.svg'), toSvg(picture));
  return ['prediction-grid.json', 'prediction.png', 'prediction.svg'];
}

/**
 * One line about what a command wrote: how many files, their total size, and
 * their names with each subfolder's files counted rather than listed
 * (`wrote 14 files, 3.1 MB, to lt: model.json, …, animation-frames/ (100 files)`).
 */
export async function outputSummary(dir: string, files: readonly string[]): Promise<string> {
  const fs = await import('node:fs/promises');
  const path = await import('node:path');
  let bytes = 0;
  for (const f of files) bytes += (await fs.stat(path.join(dir, f))).size;
  const names: string[] = [];
  const folders = new Map<string, number>();
  for (const f of files) {
    const parts = f.split(/[\\/]/);
    if (parts.length === 1) names.push(f);
    else {
      const folder = `${parts[0]}/`;
      if (!folders.has(folder)) names.push(folder);
      folders.set(folder, (folders.get(folder) ?? 0) + 1);
    }
  }
  const listed = names.map((n) => (folders.has(n) ? `${n} (${folders.get(n)} files)` : n));
  return `wrote ${files.length} file${files.length === 1 ? '' : 's'}, ${formatBytes(bytes)}, to ${dir}: ${listed.join(', ')}`;
}

/** 1234567 → "1.2 MB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1e6) return `${(bytes / 1e3).toFixed(1)} kB`;
  return `${(bytes / 1e6).toFixed(1)} MB`;
}
