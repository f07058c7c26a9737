import { describe, expect, it } from 'vitest';
import { RasterCanvas } from '../../src/render/raster.js';
import { SvgSurface, fmt } from '../../src/render/svg.js';
import { glyphOutline, hasGlyph, textWidth } from '../../src/render/font.js';
import { UNITS_PER_EM } from '../../src/render/glyph-metrics.js';
import { clipLine, formatTick, niceTicks, planeInBox, zeroContours } from '../../src/render/geometry.js';
import { makeProjector, projectPoints, symmetricEigen } from '../../src/render/projection.js';
import { dashPaths } from '../../src/render/surface.js';
import { hex, regionColor, classColors, WHITE } from '../../src/render/color.js';
import { checkXml, countElements } from './helpers.js';

const RED = hex('#ff0000');
const px = (c: RasterCanvas, x: number, y: number) => { const p = c.pixel(x, y); return [p.r, p.g, p.b]; };

describe('font', () => {
  it('has every printable ASCII character, Greek letters, sub- and superscripts, inside the em box', () => {
    const chars = [...Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)), ...'λβθεσΣΔ₀₁₂⁰¹²×·−…≈≤→'];
    for (const ch of chars) {
      expect(hasGlyph(ch), `glyph for '${ch}'`).toBe(true);
      for (const c of glyphOutline(ch).contours) {
        for (let i = 0; i < c.length; i += 2) {
          expect(Math.abs(c[i + 1]!), `'${ch}' stays within one em of the baseline`).toBeLessThan(UNITS_PER_EM);
        }
      }
    }
  });
  it('measures text as the sum of advances and draws unknown characters as a box', () => {
    expect(textWidth('')).toBe(0);
    expect(textWidth('abc')).toBeCloseTo(textWidth('a') + textWidth('b') + textWidth('c'), 9);
    // Proportional: an i is narrower than an m.
    expect(textWidth('i')).toBeLessThan(textWidth('m') / 2);
    expect(glyphOutline('\u4e00')).toBe(glyphOutline('□'));
    expect(glyphOutline('λ')).not.toBe(glyphOutline('□'));
  });
  it('draws a glyph with holes (nonzero winding): the inside of an o stays blank', () => {
    const c = new RasterCanvas(60, 60);
    c.clear(WHITE);
    c.text('o', 10, 10, { size: 4, color: hex('#000000') });
    const w = textWidth('o') * 4, top = 10 + 28 - 0.75 * 28; // o is about ¾ of a capital tall
    let inkLeft = 255;
    for (let x = 10; x < 10 + w / 3; x++) inkLeft = Math.min(inkLeft, c.pixel(x, Math.round(top + 10)).g);
    expect(inkLeft).toBeLessThan(60); // the left bowl
    expect(px(c, Math.round(10 + w / 2), Math.round(top + 10))).toEqual([255, 255, 255]); // the hole
  });
});

describe('RasterCanvas', () => {
  it('fills a disk: solid centre, background outside, blended edge', () => {
    const c = new RasterCanvas(20, 20);
    c.clear(WHITE);
    c.circle(10, 10, 5, RED);
    expect(px(c, 10, 10)).toEqual([255, 0, 0]);
    expect(px(c, 0, 0)).toEqual([255, 255, 255]);
    // A pixel straddling the rim is a mix.
    const edge = c.pixel(14, 10);
    expect(edge.g).toBeGreaterThan(0);
    expect(edge.g).toBeLessThan(255);
  });
  it('blends with alpha: half red over white is (255, 128, 128)', () => {
    const c = new RasterCanvas(4, 4);
    c.clear(WHITE);
    c.fillRect(0, 0, 4, 4, hex('#ff0000', 0.5));
    expect(px(c, 1, 1)).toEqual([255, 128, 128]);
  });
  it('strokes anti-aliased polylines once where they overlap', () => {
    const c = new RasterCanvas(40, 40);
    c.clear(WHITE);
    const translucent = hex('#000000', 0.5);
    c.polylines([Float32Array.of(5, 20.5, 35, 20.5), Float32Array.of(20.5, 5, 20.5, 35)], 1, translucent);
    // The crossing gets the same ink as the arms (one blend, not two).
    expect(px(c, 20, 20)).toEqual(px(c, 10, 20));
    expect(px(c, 10, 20)).toEqual([128, 128, 128]);
    expect(px(c, 10, 10)).toEqual([255, 255, 255]);
    // A diagonal has partial coverage next to its centre line.
    c.polylines([Float32Array.of(0, 0, 39, 13)], 1.5, hex('#000000'));
    let partial = 0;
    for (let x = 0; x < 40; x++) for (let y = 0; y < 16; y++) { const g = c.pixel(x, y).g; if (g > 20 && g < 235 && g !== 128) partial++; }
    expect(partial).toBeGreaterThan(20);
  });
  it('respects the clip rectangle', () => {
    const c = new RasterCanvas(20, 20);
    c.clear(WHITE);
    c.setClip({ x: 0, y: 0, w: 10, h: 20 });
    c.fillRect(0, 0, 20, 20, RED);
    expect(px(c, 5, 5)).toEqual([255, 0, 0]);
    expect(px(c, 15, 5)).toEqual([255, 255, 255]);
    c.setClip(null);
    c.fillRect(15, 5, 1, 1, RED);
    expect(px(c, 15, 5)).toEqual([255, 0, 0]);
  });
  it('fills polygons with fractional edge coverage', () => {
    const c = new RasterCanvas(20, 20);
    c.clear(WHITE);
    c.polygon(Float32Array.of(2, 2, 18, 2, 18, 12.5, 2, 12.5), RED);
    expect(px(c, 10, 5)).toEqual([255, 0, 0]);
    const half = c.pixel(10, 12);
    expect(half.g).toBeGreaterThan(100);
    expect(half.g).toBeLessThan(156);
    expect(px(c, 10, 15)).toEqual([255, 255, 255]);
  });
  it('draws text: ink inside the text box only, upright and rotated', () => {
    const inkBox = (c: RasterCanvas) => {
      let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
      for (let y = 0; y < c.height; y++) for (let x = 0; x < c.width; x++) {
        if (c.pixel(x, y).g < 128) { x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x); y1 = Math.max(y1, y); }
      }
      return { x0, y0, x1, y1 };
    };
    const c = new RasterCanvas(60, 60);
    c.clear(WHITE);
    c.text('H', 10, 10, { size: 2, color: hex('#000000') });
    const w = textWidth('H') * 2;
    const box = inkBox(c);
    // Capitals fill [y, y + 14) at size 2; the H sits inside its advance.
    expect(box.y0).toBe(10);
    expect(box.y1).toBe(23);
    expect(box.x0).toBeGreaterThanOrEqual(10);
    expect(box.x1).toBeLessThan(10 + w);
    expect(px(c, Math.round(10 + w / 2), 12)).toEqual([255, 255, 255]); // gap between the H's stems
    expect(c.pixel(Math.round(10 + w / 2), 16).g).toBeLessThan(128); // its crossbar
    const r = new RasterCanvas(60, 60);
    r.clear(WHITE);
    r.text('L', 10, 50, { size: 1, color: hex('#000000'), rotate: -90 });
    // Rotated L: its stem runs up along y from 50, its 7 px height runs right from x = 10.
    const rb = inkBox(r);
    expect(rb.x0).toBe(10);
    expect(rb.x1).toBe(16);
    expect(rb.y1).toBeLessThan(50);
    expect(rb.y0).toBeGreaterThan(50 - textWidth('L') - 1);
  });
  it('interpolates images smoothly between corner samples', () => {
    const c = new RasterCanvas(11, 1);
    c.clear(WHITE);
    c.image(0, 0, 11, 1, 2, 1, Uint8Array.of(0, 0, 0, 255, 250, 250, 250, 255));
    const g = Array.from({ length: 11 }, (_, x) => c.pixel(x, 0).g);
    for (let x = 1; x < 11; x++) expect(g[x]!).toBeGreaterThan(g[x - 1]!);
    expect(g[0]!).toBeLessThan(20);
    expect(g[10]!).toBeGreaterThan(230);
  });
  it('rejects impossible sizes', () => {
    expect(() => new RasterCanvas(0, 10)).toThrow(/size/);
    expect(() => new RasterCanvas(1.5, 10)).toThrow(/size/);
  });
});

describe('SvgSurface', () => {
  it('writes a well-formed document with classed elements and escaped text', () => {
    const s = new SvgSurface(100, 50, 't');
    s.setClip({ x: 0, y: 0, w: 50, h: 50 });
    s.circle(10, 10, 3, RED, hex('#000000'), 1, 'point');
    s.polylines([Float32Array.of(0, 0, 10, 10), Float32Array.of(0, 10, 10, 0)], 1, hex('#000000', 0.5), 'grid');
    s.setClip(null);
    s.text('a < b & "c"', 5, 5, { size: 1, color: hex('#000000') }, 'title');
    s.image(0, 0, 10, 10, 3, 2, new Uint8Array(24).fill(200), 'regions');
    const xml = s.toString();
    checkXml(xml);
    expect(countElements(xml, 'circle', 'point')).toBe(1);
    expect(countElements(xml, 'path', 'grid')).toBe(2);
    expect(xml).toContain('a &lt; b &amp; &quot;c&quot;');
    expect(xml).toContain('clip-path="url(#tc0)"');
    // Equal colours in a row merge into one rect per row.
    const regions = /<g class="regions"[^>]*>(.*?)<\/g>/.exec(xml)![1]!;
    expect((regions.match(/<rect /g) ?? []).length).toBe(2);
  });
  it('formats coordinates with at most two decimals', () => {
    expect(fmt(1)).toBe('1');
    expect(fmt(1.5)).toBe('1.5');
    expect(fmt(1.005)).toMatch(/^1(\.0?1)?$/);
    expect(fmt(-0.001)).toBe('0');
    expect(fmt(100)).toBe('100');
  });
});

describe('geometry', () => {
  it('picks round ticks and labels them with the decimals the step needs', () => {
    expect(niceTicks(-1, 1, 4)).toEqual([-1, -0.5, 0, 0.5, 1]);
    expect(niceTicks(0, 10, 5)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(niceTicks(1, 1)).toEqual([]);
    expect(formatTick(0.5, 0.5)).toBe('0.5');
    expect(formatTick(1, 0.5)).toBe('1.0');
    expect(formatTick(20, 10)).toBe('20');
    expect(formatTick(-0.25, 0.05)).toBe('-0.25');
  });
  it('clips lines to a box and drops lines that miss it', () => {
    const box = { xmin: -1, xmax: 1, ymin: -1, ymax: 1 };
    const seg = clipLine({ w: [1, -1], b: 0 }, box)!;
    expect(Math.min(seg[0], seg[2])).toBeCloseTo(-1);
    expect(Math.max(seg[0], seg[2])).toBeCloseTo(1);
    const vertical = clipLine({ w: [1, 0], b: -0.5 }, box)!;
    expect(vertical[0]).toBeCloseTo(0.5);
    expect(Math.abs(vertical[1] - vertical[3])).toBeCloseTo(2);
    expect(clipLine({ w: [1, 0], b: -5 }, box)).toBeNull();
    expect(clipLine({ w: [0, 0], b: 1 }, box)).toBeNull();
  });
  it('cuts a plane out of a box as an ordered polygon on the plane', () => {
    const poly = planeInBox({ w: [0, 0, 1], b: -0.25 }, { min: [-1, -1, -1], max: [1, 1, 1] });
    expect(poly.length).toBe(12);
    for (let i = 2; i < poly.length; i += 3) expect(poly[i]).toBeCloseTo(0.25);
    const tilted = planeInBox({ w: [1, 1, 1], b: 0 }, { min: [-1, -1, -1], max: [1, 1, 1] });
    expect(tilted.length).toBe(18); // a hexagon
    // Ordered: consecutive corners are neighbours (no crossing), so the polygon's area is the hexagon's.
    expect(planeInBox({ w: [0, 0, 1], b: 5 }, { min: [-1, -1, -1], max: [1, 1, 1] }).length).toBe(0);
  });
  it('traces the zero level of a field as closed loops (a circle)', () => {
    const n = 41, f = new Float32Array(n * n);
    for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) f[r * n + c] = Math.hypot(c - 20, r - 20) - 10;
    const loops = zeroContours(f, n, n);
    expect(loops.length).toBe(1);
    const loop = loops[0]!;
    expect(loop[0]).toBeCloseTo(loop[loop.length - 2]!);
    for (let i = 0; i < loop.length; i += 2) expect(Math.hypot(loop[i]! - 20, loop[i + 1]! - 20)).toBeCloseTo(10, 0);
  });
  it('splits dashed lines into on-pieces', () => {
    const d = dashPaths([Float32Array.of(0, 0, 10, 0)], 2);
    expect(d.length).toBe(3);
    expect(Array.from(d[1]!)).toEqual([4, 0, 6, 0]);
  });
});

describe('projection', () => {
  it('orbit: orthonormal basis; yaw = pitch = 0 shows x right, z up, y as depth', () => {
    const p = makeProjector({ kind: 'orbit', yaw: 0, pitch: 0 }, 3);
    const { uv, depth } = projectPoints(p, Float32Array.of(1, 2, 3));
    expect(Array.from(uv)).toEqual([1, 3]);
    expect(depth[0]).toBe(2);
    const q = makeProjector({ kind: 'orbit', yaw: 0.7, pitch: 0.4 }, 3);
    const [a, b, c] = q.basis;
    const dot = (x: Float64Array, y: Float64Array) => x[0]! * y[0]! + x[1]! * y[1]! + x[2]! * y[2]!;
    expect(dot(a, a)).toBeCloseTo(1); expect(dot(b, b)).toBeCloseTo(1); expect(dot(c, c)).toBeCloseTo(1);
    expect(dot(a, b)).toBeCloseTo(0); expect(dot(a, c)).toBeCloseTo(0); expect(dot(b, c)).toBeCloseTo(0);
    // Looking down from above: a higher point is nearer.
    const top = makeProjector({ kind: 'orbit', yaw: 0, pitch: Math.PI / 2 }, 3);
    expect(projectPoints(top, Float32Array.of(0, 0, 1)).depth[0]).toBeCloseTo(-1);
    expect(() => makeProjector({ kind: 'orbit', yaw: 0, pitch: 0 }, 4)).toThrow(/3-D/);
  });
  it('pca: the first component follows the long axis of the cloud', () => {
    const pts: number[] = [];
    for (let i = 0; i < 50; i++) { const t = i / 49 - 0.5; pts.push(5 * t, 0.1 * Math.sin(i), 5 * t + 0.05 * Math.cos(i)); }
    const p = makeProjector({ kind: 'pca' }, 3, Float32Array.from(pts));
    const u = p.basis[0];
    expect(Math.abs(u[0]!)).toBeCloseTo(Math.SQRT1_2, 1);
    expect(Math.abs(u[2]!)).toBeCloseTo(Math.SQRT1_2, 1);
    expect(p.explained![0]).toBeGreaterThan(0.99);
    expect(p.axisNames).toEqual(['PC1', 'PC2']);
  });
  it('Jacobi eigen-decomposition reproduces the matrix', () => {
    const m = Float64Array.of(4, 1, 0.5, 1, 3, 0.2, 0.5, 0.2, 1);
    const { values, vectors } = symmetricEigen(m, 3);
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        let s = 0;
        for (let k = 0; k < 3; k++) s += vectors[i * 3 + k]! * values[k]! * vectors[j * 3 + k]!;
        expect(s).toBeCloseTo(m[i * 3 + j]!, 10);
      }
    }
  });
});

describe('colour', () => {
  it('fades regions to white at even odds and to the class tint at certainty', () => {
    const colors = classColors(2);
    const even = regionColor([0.5, 0.5], 0, 2, colors);
    expect([even.r, even.g, even.b].map(Math.round)).toEqual([255, 255, 255]);
    const sure = regionColor([0, 1], 0, 2, colors);
    expect(sure).toEqual(colors.tint[1]);
    expect(() => hex('#12')).toThrow(/colour/);
  });
});

describe('public API', () => {
  it('exports these names from src/render/index.ts', async () => {
    const api = await import('../../src/render/index.js');
    expect(Object.keys(api).sort()).toEqual([
      'CLASS_PALETTE', 'CanvasSurface', 'RasterCanvas', 'SvgSurface', 'animationHtml', 'animationPngFrames', 'boundaryContours', 'classColors',
      'clipLine', 'decisionCurvePicture', 'decisionRegionsPicture', 'frameLabel', 'framePicture', 'gridPolylines', 'hex',
      'hyperplaneOf', 'isDecisionRegions', 'makeProjector', 'networkAnimationFrames', 'networkAnimationHtml', 'niceTicks',
      'pngDataUri', 'pointSetOf', 'probabilityCurve', 'probabilityGrid', 'projectPoints', 'rasterize', 'regionImage',
      'regionsPicture', 'representationPicture', 'representationStrip', 'stripPicture', 'toPng', 'toSvg', 'trainingFilmFrames',
      'trainingFilmHtml', 'writeImage', 'zeroContours', 'predictionPicture', 'valueColor',
    ].sort());
  });
});
