import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { animationHtml, animationPngFrames, frameLabel, framePicture, toSvg, type FrameSequence } from '../../src/render/index.js';
import { nearViews } from '../../src/render/animation.js';
import { checkXml, decodePng, distinctColors, playerData } from './helpers.js';
import { layerAnimation, spin3d, spiralRepresentations, trainingFilm } from './synthetic.js';


/** Runs the player's inline script against a stub DOM (it inflates its frames first) and records what it draws. */
async function runPlayer(html: string) {
  const scripts = [...html.matchAll(/<script(?: [^>]*)?>([\s\S]*?)<\/script>/g)].map((m) => m[0]);
  const byId = (id: string) => /<script id="[^"]+"[^>]*>([\s\S]*?)<\/script>/.exec(scripts.find((s) => s.includes(`id="${id}"`))!)![1]!;
  const code = /<script>([\s\S]*?)<\/script>/.exec(html)![1]!;
  const calls: Record<string, number> = {};
  const arcs: [number, number][] = [];
  const pens: [string, number, number][] = []; // moveTo / lineTo in order: grid lines, class line, ticks
  const ctx = new Proxy({} as Record<string, unknown>, {
    get: (t, k: string) => {
      if (k in t) return t[k];
      if (k === 'measureText') return () => ({ width: 10 });
      if (k === 'arc') return (x: number, y: number) => { calls.arc = (calls.arc ?? 0) + 1; arcs.push([x, y]); };
      if (k === 'moveTo' || k === 'lineTo') return (x: number, y: number) => { calls[k] = (calls[k] ?? 0) + 1; pens.push([k, x, y]); };
      return (..._args: unknown[]) => { calls[k] = (calls[k] ?? 0) + 1; };
    },
    set: (t, k: string, v) => { t[k] = v; return true; },
  });
  const listeners: Record<string, ((e: unknown) => void)[]> = {};
  const element = (name: string) => ({
    name, value: '0', textContent: '',
    getContext: () => ctx,
    addEventListener: (type: string, f: (e: unknown) => void) => (listeners[`${name}:${type}`] ??= []).push(f),
  });
  const els = { canvas: element('canvas'), '.slider': element('slider'), '.play': element('play'), '.label': element('label') };
  const root = { querySelector: (q: keyof typeof els) => els[q] };
  const document = {
    querySelector: () => root,
    getElementById: (id: string) => ({ textContent: byId(id) }),
    addEventListener: (type: string, f: (e: unknown) => void) => (listeners[`document:${type}`] ??= []).push(f),
  };
  const ready = runInNewContext(code, {
    document, atob: (s: string) => Buffer.from(s, 'base64').toString('latin1'),
    requestAnimationFrame: () => 0, performance: { now: () => 0 }, Math, JSON, DataView, ArrayBuffer, Int16Array, Uint8Array, String, parseInt, TextDecoder,
    Response, Blob, DecompressionStream,
  }) as Promise<void>;
  await ready;
  return { calls, els, listeners, arcs, pens };
}

describe('animationPngFrames', () => {
  it('renders every frame at the asked size, and the frames differ', () => {
    const seq = layerAnimation(4);
    const pngs = animationPngFrames(seq, { width: 320, height: 280 });
    expect(pngs.length).toBe(seq.frames.length);
    const imgs = pngs.map(decodePng);
    for (const img of imgs) {
      expect([img.width, img.height]).toEqual([320, 280]);
      expect(distinctColors(img)).toBeGreaterThan(20);
    }
    expect(Buffer.from(imgs[0]!.rgba).equals(Buffer.from(imgs[imgs.length - 1]!.rgba))).toBe(false);
  });

  it('labels frames with phase and t, or their caption', () => {
    expect(frameLabel({ points: new Float32Array(), phase: 'linear', t: 0.25 }, 0, 3)).toBe('linear  t = 0.25');
    expect(frameLabel({ points: new Float32Array(), caption: 'epoch 3' }, 0, 3)).toBe('epoch 3');
    expect(frameLabel({ points: new Float32Array() }, 1, 3)).toBe('frame 2/3');
    const svg = toSvg(framePicture(layerAnimation(2), 3));
    checkXml(svg);
    expect(svg).toContain('translation  t = 0.50');
  });

  it('follows the frames near each one by default; one view box with global, one per phase or frame when asked', () => {
    const seq = layerAnimation(3);
    expect(playerData(animationHtml(seq, { fit: 'global' })).layouts.length).toBe(1);
    expect(playerData(animationHtml(seq)).layouts.length).toBeGreaterThan(1);
    expect(playerData(animationHtml(seq, { fit: 'phase' })).layouts.length).toBe(3);
    expect(playerData(animationHtml(seq, { fit: 'frame' })).layouts.length).toBeGreaterThan(3);
  });

  it('near views: a ×100 zoom over 21 frames starts at the first frame\'s scale and never jumps', () => {
    // Boxes centred on 0 whose half-size grows from 1 to 100 geometrically, then stays.
    const boxes = Array.from({ length: 30 }, (_, i) => {
      const h = Math.pow(100, Math.min(i, 20) / 20);
      return { xmin: -h, xmax: h, ymin: -h / 2, ymax: h / 2 };
    });
    const views = nearViews(boxes);
    const half = views.map((v) => (v.xmax - v.xmin) / 2);
    // Frame 0 is drawn near its own scale (the global box would be 100×).
    expect(half[0]!).toBeLessThan(2);
    views.forEach((v, i) => {
      const b = boxes[i]!;
      expect(v.xmin <= b.xmin && v.xmax >= b.xmax && v.ymin <= b.ymin && v.ymax >= b.ymax, `view ${i} holds its frame`).toBe(true);
      // Each step zooms by at most the data's own step (×100^(1/20) ≈ 1.26), never a jump.
      if (i > 0) expect(half[i]! / half[i - 1]!).toBeLessThan(1.27);
    });
    expect(half[29]!).toBeCloseTo(100, 6);
  });

  it('projects 3-D frames with one camera for the whole sequence', () => {
    const rep = spiralRepresentations()[2]!;
    const frames = [0, 0.5, 1].map((s) => ({ points: rep.points.coords.map((v) => v * (1 + s)), polylines: rep.grid, caption: `s ${s}` }));
    const seq: FrameSequence = { dim: 3, labels: rep.points.labels, classes: 2, frames };
    for (const projection of [{ kind: 'pca' } as const, { kind: 'orbit', yaw: 1, pitch: 0.3 } as const]) {
      const pngs = animationPngFrames(seq, { projection, width: 200, height: 200 });
      expect(pngs.length).toBe(3);
      const data = playerData(animationHtml(seq, { projection }));
      expect(data.frames.every((f) => f.order >= 0)).toBe(true);
    }
  });
});

describe('animationHtml', () => {
  const seq = trainingFilm(7);
  const html = animationHtml(seq, { width: 400, height: 400, fps: 8 });

  it('is one offline file: no external URL, script, style or font', () => {
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html).not.toMatch(/<link\b/);
    expect(html).not.toMatch(/@import|url\(/);
    expect(html.startsWith('<!doctype html>')).toBe(true);
  });

  it('embeds the stated number of frames, with play/pause, slider and label', () => {
    const F = seq.frames.length;
    expect(html).toContain(`data-frames="${F}"`);
    expect(html).toContain(`${F} frames`);
    expect(html).toContain(`max="${F - 1}"`);
    expect(html).toMatch(/<button[^>]*class="play"/);
    expect(html).toMatch(/<input class="slider" type="range"/);
    const data = playerData(html);
    expect(data.frames.length).toBe(F);
    expect(data.n).toBe(seq.labels.length);
    expect(data.frames[3]!.label).toBe(seq.frames[3]!.caption);
    expect(data.frames.every((f) => f.line !== null && f.lens.length === seq.frames[0]!.polylines!.length)).toBe(true);
  });

  it('plays: the inline script inflates its frames, draws every point of a frame and steps on slider and keys', async () => {
    const { calls, els, listeners, arcs } = await runPlayer(html);
    const n = seq.labels.length;
    expect(calls.arc).toBe(n);
    // Decoded positions land on the canvas, at quarter pixels, and spread over it.
    for (const [x, y] of arcs) {
      expect(x >= 0 && x <= 400 && y >= 0 && y <= 400, `point at (${x}, ${y})`).toBe(true);
      expect(Number.isInteger(4 * x) && Number.isInteger(4 * y)).toBe(true);
    }
    expect(Math.max(...arcs.map((a) => a[0])) - Math.min(...arcs.map((a) => a[0]))).toBeGreaterThan(50);
    expect(els['.label'].textContent).toContain(`(1/${seq.frames.length})`);
    els['.slider'].value = '4';
    listeners['slider:input']![0]!({});
    expect(calls.arc).toBe(2 * n);
    expect(els['.label'].textContent).toContain(seq.frames[4]!.caption!);
    listeners['document:keydown']![0]!({ key: 'ArrowRight', preventDefault() {} });
    expect(els['.label'].textContent).toContain(`(6/${seq.frames.length})`);
    listeners['play:click']![0]!({});
    expect(els['.play'].textContent).toBe('Pause');
  });

  // Frames after the first are stored as differences to the frame before, grid lines as differences
  // along the line, 3-D drawing orders as ranks: frame k drawn alone has none of that.
  it.each([
    ['2-D film', seq, {}],
    ['3-D frames in depth order', spin3d(), { projection: { kind: 'orbit', yaw: 0.7, pitch: 0.4 } }],
  ] as const)('decodes the packed frames exactly (%s): frame k drawn in the film = frame k drawn alone, points in the same order, grid lines at the same pixels', async (_name, sequence, options) => {
    const view = { xmin: -3, xmax: 3, ymin: -3, ymax: 3 };
    const whole = animationHtml(sequence, { width: 400, height: 400, view, ...options });
    expect(playerData(whole).frames.slice(1).every((f) => (f as { d?: number }).d === 1)).toBe(true);
    const film = await runPlayer(whole);
    const n = sequence.labels.length;
    for (const k of [4, sequence.frames.length - 1]) {
      const pens = film.pens.length;
      film.els['.slider'].value = String(k);
      film.listeners['slider:input']![0]!({});
      const alone = await runPlayer(animationHtml({ ...sequence, frames: [sequence.frames[k]!] }, { width: 400, height: 400, view, ...options }));
      expect(film.arcs.slice(-n)).toEqual(alone.arcs);
      expect(film.pens.slice(pens)).toEqual(alone.pens);
    }
  });

  it('escapes text so a title cannot end the script or the page early', () => {
    const evil = animationHtml({ ...seq, title: '</script><script>alert(1)</script>' });
    expect((evil.match(/<\/script>/g) ?? []).length).toBe(2);
    expect(playerData(evil).frames.length).toBe(seq.frames.length);
  });

  it('checks its input', () => {
    expect(() => animationHtml({ ...seq, frames: [] })).toThrow(/no frames/);
    expect(() => animationHtml(seq, { fps: 0 })).toThrow(/fps/);
    expect(() => animationPngFrames({ ...seq, frames: [{ points: new Float32Array(3) }] })).toThrow(/frame 0/);
  });
});
