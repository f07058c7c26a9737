// The saved-model reader refuses what float32 cannot hold, by JSON path, and the writer keeps every bit.
import { describe, it, expect } from 'vitest';
import { mkdtemp, readFile, writeFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Model } from '../../src/model/model.js';
import type { DenseJSON } from '../../src/model/dense.js';
import { saveModel, loadModel } from '../../src/model/model-file.js';
import { parseModelJSON, stringifyModel } from '../../src/model/model-json.js';
import { ModelFileError } from '../../src/errors.js';
import { testEngine } from '../helpers/engine.js';

const spec = { inputs: 2, layers: [{ units: 3, activation: 'tanh' as const }, { units: 2 }], seed: 3 };
const vfSpec = { inputs: 2, layers: [{ type: 'vectorfield' as const, anchors: 2, scale: 0.5 }, { units: 2 }], seed: 3 };

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function modelFileError(f: () => unknown): ModelFileError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ModelFileError);
    return e as ModelFileError;
  }
  throw new Error('expected a ModelFileError');
}

const bits = (a: Float32Array): number[] => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

describe('parseModelJSON refuses what float32 cannot hold, by JSON path', () => {
  const cases: Array<[string, (j: Json) => void, string, RegExp]> = [
    ['weight 1e39 (beyond float32)', (j) => { j.layers[0].weights[1] = 1e39; }, 'layers[0].weights[1]', /float32 range/],
    ['bias -3.5e38', (j) => { j.layers[1].bias[0] = -3.5e38; }, 'layers[1].bias[0]', /float32 range/],
    ['sparse array (a hole)', (j) => { delete j.layers[0].weights[2]; }, 'layers[0].weights[2]', /hole/],
    ['BigInt weight', (j) => { j.layers[0].weights[0] = 10n; }, 'layers[0].weights[0]', /BigInt/],
    ['string weight', (j) => { j.layers[0].bias[2] = '1'; }, 'layers[0].bias[2]', /not a finite number/],
    ['object weight', (j) => { j.layers[0].bias[2] = { v: 1n }; }, 'layers[0].bias[2]', /not a finite number/],
    ['BigInt units', (j) => { j.layers[0].units = 3n; }, 'layers[0].units', /integer/],
    ['units beyond the builder\'s limit', (j) => { j.layers[0].units = 70000; }, 'layers[0].units', /integer in 1…65536/],
    ['inputs 1e300', (j) => { j.inputs = 1e300; }, 'inputs', /integer/],
    ['symbol activation', (j) => { j.layers[0].activation = Symbol('tanh'); }, 'layers[0].activation', /unknown/],
  ];
  it.each(cases)('%s', async (_what, edit, path, message) => {
    const engine = await testEngine();
    const json = Model.create(engine, spec).toJSON() as unknown as Json;
    edit(json);
    const e = modelFileError(() => Model.fromJSON(engine, json));
    expect(e.code).toBe('BAD_MODEL_FILE');
    expect(e.path).toBe(path);
    expect(e.message).toMatch(message);
  });

  it.each([[1e-46, 'scale'], [1e-46, 'scales[1]'], [0, 'scales[0]']])('vector-field %s as %s (rounds to 0 in float32)', async (value, field) => {
    const engine = await testEngine();
    const json = JSON.parse(JSON.stringify(Model.create(engine, vfSpec).toJSON()));
    if (field === 'scale') json.layers[0].scale = value;
    else json.layers[0].scales[Number(field.slice(7, 8))] = value;
    const e = modelFileError(() => Model.fromJSON(engine, json));
    expect(e.path).toBe(`layers[0].${field}`);
  });

  it('a UTF-8 BOM before the JSON is allowed', async () => {
    const engine = await testEngine();
    const model = Model.create(engine, spec);
    const again = Model.fromJSON(engine, `\uFEFF${stringifyModel(model.toJSON())}`);
    expect(bits(again.getParameters())).toEqual(bits(model.getParameters()));
  });
});

describe('save → load keeps every float32 bit', () => {
  it('−0, subnormals, the extremes and ordinary values', async () => {
    const engine = await testEngine();
    const model = Model.create(engine, spec);
    const special = [-0, 0, 1e-45, -1e-45, 1.1754942e-38, 3.4028234663852886e38, -3.4028234663852886e38, 1 / 3, -2.5];
    const p = model.getParameters();
    special.forEach((v, i) => { p[i] = v; });
    model.setParameters(p);
    const dir = await mkdtemp(join(tmpdir(), 'untangle-model-'));
    try {
      const path = join(dir, 'm.json');
      await saveModel(model, path);
      expect(await readFile(path, 'utf8')).toContain('-0');
      const loaded = await loadModel(engine, path);
      expect(bits(loaded.getParameters())).toEqual(bits(model.getParameters()));
      expect(Object.is(loaded.getParameters()[0], -0)).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('stringifyModel output is what the reader accepts', async () => {
    const engine = await testEngine();
    const json = Model.create(engine, vfSpec).toJSON();
    expect(parseModelJSON(stringifyModel(json)).layers.length).toBe(2);
  });
});

describe('saveModel is atomic', () => {
  it('a model that fails to serialise leaves the old file intact and no temporary file', async () => {
    const engine = await testEngine();
    const dir = await mkdtemp(join(tmpdir(), 'untangle-model-'));
    try {
      const path = join(dir, 'm.json');
      const good = Model.create(engine, spec);
      await saveModel(good, path);
      const before = await readFile(path, 'utf8');
      const broken = Model.create(engine, { ...spec, seed: 9 });
      broken.toJSON = () => { throw new Error('disk full of opinions'); };
      await expect(saveModel(broken, path)).rejects.toMatchObject({ code: 'BAD_MODEL_FILE', file: path });
      // A model whose JSON the reader would refuse is not written either.
      const bad = Model.create(engine, { ...spec, seed: 9 });
      const real = bad.toJSON.bind(bad);
      bad.toJSON = () => { const j = real(); (j.layers[0] as DenseJSON).weights[0] = Infinity; return j; };
      const e = await saveModel(bad, path).catch((err: unknown) => err);
      expect(e).toBeInstanceOf(ModelFileError);
      expect((e as ModelFileError).path).toBe('layers[0].weights[0]');
      expect(await readFile(path, 'utf8')).toBe(before);
      expect(await readdir(dir)).toEqual(['m.json']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('loadModel names the file and the path', async () => {
    const engine = await testEngine();
    const dir = await mkdtemp(join(tmpdir(), 'untangle-model-'));
    try {
      const path = join(dir, 'big.json');
      const json = Model.create(engine, spec).toJSON();
      (json.layers[1] as DenseJSON).bias[1] = 1e39;
      await writeFile(path, JSON.stringify(json));
      const e = await loadModel(engine, path).catch((err: unknown) => err);
      expect(e).toBeInstanceOf(ModelFileError);
      expect(e).toMatchObject({ code: 'BAD_MODEL_FILE', file: path, path: 'layers[1].bias[1]' });
      await expect(loadModel(engine, join(dir, 'none.json'))).rejects.toMatchObject({ code: 'BAD_MODEL_FILE', file: join(dir, 'none.json') });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
