import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CLASS_PALETTE, decisionCurvePicture, decisionRegionsPicture, representationPicture, stripPicture, toPng, toSvg, writeImage,
  type Picture,
} from '../../src/render/index.js';
import { sceneLayout, sceneView } from '../../src/render/pictures.js';
import { mapper } from '../../src/render/plot.js';
import { buildScene } from '../../src/render/scene.js';
import { checkXml, countColor, countElements, decodePng, distinctColors, hexRgb, near, pixelAt } from './helpers.js';
import { diskAnnulus, intervals1d, spiralRepresentations, threeSectors, twoSpirals } from './synthetic.js';

const BLUE = hexRgb(CLASS_PALETTE[0]!), ORANGE = hexRgb(CLASS_PALETTE[1]!);

/** Renders both ways and runs the checks every picture must pass. */
function render(pic: Picture, width: number, height: number) {
  const png = toPng(pic);
  const img = decodePng(png);
  expect([img.width, img.height]).toEqual([width, height]);
  expect(distinctColors(img)).toBeGreaterThan(20);
  const svg = toSvg(pic);
  checkXml(svg);
  expect(svg).toMatch(new RegExp(`^<svg [^>]*width="${width}" height="${height}"`));
  expect(svg).not.toMatch(/(href|src)="http/);
  return { img, svg };
}

describe('representationPicture', () => {
  it('2-D: points in their class colours where they are, one path per grid line, the line', () => {
    const [input, layer1] = spiralRepresentations();
    const rep = { ...layer1!, title: 'layer 1' };
    const { img, svg } = render(representationPicture(rep, { width: 500, height: 420 }), 500, 420);
    const n = rep.points.labels.length;
    expect(countElements(svg, 'circle', 'point')).toBe(n);
    expect(countElements(svg, 'path', 'grid')).toBe(rep.grid!.length);
    expect(countElements(svg, 'path', 'hyperplane')).toBe(1);
    expect(svg).toContain('>layer 1</text>');
    // Find each point's pixel with the same layout the picture used; its centre has its class colour
    // unless a later point covers it.
    const scene = buildScene({ ...rep.points, grid: rep.grid, hyperplane: rep.hyperplane }, null);
    const { layout } = sceneLayout(500, 420, scene, sceneView(scene, {}), rep);
    const { px, py } = mapper(layout);
    const all = Array.from({ length: n }, (_, i) => pixelAt(img, px(rep.points.coords[2 * i]!), py(rep.points.coords[2 * i + 1]!)));
    const matching = all.filter((c, i) => near(c, rep.points.labels[i] === 0 ? BLUE : ORANGE, 4)).length;
    expect(matching / n).toBeGreaterThan(0.85);
    void input;
    // And nowhere else: away from the points there is no pure class colour.
    expect(countColor(img, BLUE, 0)).toBeLessThan(n * 60);
  });

  it('3-D: orbit and PCA both draw every point, depth-faded, with the plane', () => {
    const rep = spiralRepresentations()[2]!;
    const n = rep.points.labels.length;
    for (const projection of [{ kind: 'orbit', yaw: 0.4, pitch: 0.3 } as const, { kind: 'pca' } as const]) {
      const { img, svg } = render(representationPicture(rep, { projection }), 600, 600);
      expect(countElements(svg, 'circle', 'point')).toBe(n);
      expect(countElements(svg, 'polygon', 'plane')).toBe(1);
      expect(countElements(svg, 'path', 'grid')).toBe(rep.grid!.length);
      // Near points are drawn in (almost) full colour, far ones paler.
      expect(countColor(img, BLUE, 40)).toBeGreaterThan(50);
      expect(countColor(img, ORANGE, 40)).toBeGreaterThan(50);
      if (projection.kind === 'pca') expect(svg).toMatch(/>PC1 \(\d+%\)</);
      else expect(countElements(svg, 'text', 'gizmo')).toBeGreaterThanOrEqual(2);
    }
  });

  it('1-D: one row per class, grid ticks, the threshold', () => {
    const { points } = intervals1d();
    const { img, svg } = render(representationPicture({ points, grid: [Float32Array.of(-1, -0.5, 0, 0.5, 1)], hyperplane: { w: [2], b: -0.5 } }, { height: 300 }), 600, 300);
    expect(countElements(svg, 'circle', 'point')).toBe(points.labels.length);
    expect(countElements(svg, 'path', 'grid')).toBe(5);
    expect(countElements(svg, 'path', 'hyperplane')).toBe(1);
    expect(countColor(img, ORANGE)).toBeGreaterThan(20);
  });

  it('checks its input', () => {
    const pts = twoSpirals(10);
    expect(() => representationPicture({ points: { ...pts, coords: pts.coords.subarray(1) } })).toThrow(/coordinates/);
    expect(() => representationPicture({ points: { ...pts, classes: 1 } })).toThrow(/label 1/);
    expect(() => representationPicture({ points: pts, hyperplane: { w: [1], b: 0 } })).toThrow(/hyperplane/);
    expect(() => representationPicture({ points: pts }, { width: 10 })).toThrow(/40…8192/);
    expect(() => representationPicture({ points: { ...pts, dim: 4, coords: new Float32Array(80) } }, { projection: { kind: 'orbit', yaw: 0, pitch: 0 } })).toThrow(/3-D/);
  });
});

describe('decisionRegionsPicture', () => {
  it('tints the disk blue and the annulus orange, draws the boundary and the points', () => {
    const { grid, points } = diskAnnulus();
    const { img, svg } = render(decisionRegionsPicture({ grid, points, title: 'disk' }), 600, 600);
    expect(countElements(svg, 'circle', 'point')).toBe(points.labels.length);
    expect(countElements(svg, 'path', 'boundary')).toBe(1); // one closed loop
    expect(countElements(svg, 'g', 'regions')).toBe(1);
    expect(countColor(img, BLUE)).toBeGreaterThan(200);
    expect(countColor(img, ORANGE)).toBeGreaterThan(200);
    // The grid box fills a square plot: the centre pixel is in the disk (blue tint: blue > red),
    // the corner of the plot in the annulus class (orange tint: red > blue).
    const centre = pixelAt(img, 300, 300 - 4);
    expect(centre[2]).toBeGreaterThan(centre[0]);
  });

  it('colours three classes from the qualitative palette with boundaries between each pair', () => {
    const grid = threeSectors();
    const { img, svg } = render(decisionRegionsPicture({ grid }, { width: 400, height: 300 }), 400, 300);
    expect(countElements(svg, 'path', 'boundary')).toBeGreaterThanOrEqual(3);
    // Tints of all three classes are present (the green tint is greener than it is red).
    let greenish = 0;
    for (let i = 0; i < img.rgba.length; i += 4) if (img.rgba[i + 1]! > img.rgba[i]! + 20 && img.rgba[i + 1]! > img.rgba[i + 2]!) greenish++;
    expect(greenish).toBeGreaterThan(1000);
  });

  it('checks the grid', () => {
    const { grid } = diskAnnulus(10, 8);
    expect(() => decisionRegionsPicture({ grid: { ...grid, probs: grid.probs.subarray(2) } })).toThrow(/probabilities/);
    expect(() => decisionRegionsPicture({ grid: { ...grid, nx: 1, ny: 128 } })).toThrow(/nx, ny/);
  });
});

describe('decisionCurvePicture', () => {
  it('draws one curve per class over region bands, the points under them', () => {
    const { curve, points } = intervals1d();
    const { img, svg } = render(decisionCurvePicture({ curve, points, hyperplane: { w: [1], b: -0.4 } }), 640, 400);
    expect(countElements(svg, 'path', 'curve')).toBe(2);
    expect(countElements(svg, 'circle', 'point')).toBe(points.labels.length);
    expect(svg).toContain('>probability</text>');
    expect(countColor(img, BLUE)).toBeGreaterThan(100);
    expect(countColor(img, ORANGE)).toBeGreaterThan(100);
  });
});

describe('stripPicture', () => {
  it('puts every representation side by side in one image', () => {
    const reps = spiralRepresentations();
    const gap = 14 + 4 * 1;
    const pic = stripPicture(reps, { panelWidth: 240, panelHeight: 240, title: 'strip' });
    const titleBand = 12 + 7 + 8;
    const { svg } = render(pic, 3 * 240 + 2 * gap, 240 + titleBand);
    const n = reps.reduce((s, r) => s + r.points.labels.length, 0);
    expect(countElements(svg, 'circle', 'point')).toBe(n);
    expect(countElements(svg, 'text', 'title')).toBe(4);
    expect(countElements(svg, 'path', 'arrow')).toBe(4);
    expect(() => stripPicture([])).toThrow(/no panels/);
  });
});

describe('writeImage', () => {
  it('writes PNG bytes and SVG text whole, leaving no temporary file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'render-'));
    try {
      const pic = representationPicture({ points: twoSpirals(20) }, { width: 100, height: 100 });
      const png = toPng(pic);
      await writeImage(join(dir, 'sub', 'a.png'), png);
      await writeImage(join(dir, 'sub', 'a.svg'), toSvg(pic));
      expect(new Uint8Array(await readFile(join(dir, 'sub', 'a.png')))).toEqual(png);
      expect((await readFile(join(dir, 'sub', 'a.svg'), 'utf8')).startsWith('<svg')).toBe(true);
      expect((await readdir(join(dir, 'sub'))).sort()).toEqual(['a.png', 'a.svg']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
