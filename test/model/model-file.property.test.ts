// Property-based tests of the model-file reader: random models round-trip bit for bit
// (−0 and subnormals included); mutated files give a ModelFileError naming a JSON path, quickly.
import { describe, it, expect, beforeAll } from 'vitest';
import fc from 'fast-check';
import { Model } from '../../src/model/model.js';
import { parseModelJSON, stringifyModel } from '../../src/model/model-json.js';
import { ModelFileError } from '../../src/errors.js';
import type { Engine } from '../../src/engine/engine.js';
import { testEngine } from '../helpers/engine.js';
import { expectNamedOutcome, fuzzParams, textMutation } from '../helpers/fuzz.js';

let engine: Engine;
beforeAll(async () => {
  engine = await testEngine();
});

const ACTS = ['linear', 'tanh', 'sigmoid', 'relu', 'softplus'] as const;
const spec = fc.record({
  inputs: fc.integer({ min: 1, max: 4 }),
  hidden: fc.array(fc.record({ units: fc.integer({ min: 1, max: 4 }), activation: fc.constantFrom(...ACTS) }), { maxLength: 2 }),
  vf: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
  classes: fc.integer({ min: 2, max: 4 }),
});
type Spec = { inputs: number; hidden: { units: number; activation: (typeof ACTS)[number] }[]; vf: number | undefined; classes: number };

function build(s: Spec): Model {
  return Model.create(engine, {
    inputs: s.inputs,
    layers: [
      ...(s.vf ? [{ type: 'vectorfield' as const, anchors: s.vf }] : []),
      ...s.hidden,
      { units: s.classes },
    ],
    seed: 1,
  });
}

/** Any finite float32 bit pattern (−0 and subnormals included). */
const f32 = fc.float({ noNaN: true, noDefaultInfinity: true });
const bits = (a: Float32Array): number[] => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

describe('model file properties', () => {
  it('random models with random float32 parameters round-trip bit for bit', () => {
    fc.assert(
      fc.property(spec, fc.array(f32, { minLength: 200, maxLength: 200 }), (s, pool) => {
        const model = build(s);
        try {
          const p = model.getParameters();
          for (let i = 0; i < p.length; i++) p[i] = pool[i % pool.length]!;
          // Vector-field scales must not be 0: keep those the model chose.
          const json0 = model.toJSON();
          model.setParameters(p);
          const json = model.toJSON();
          json.layers.forEach((l, k) => { if (l.type === 'vectorfield') l.scales = (json0.layers[k] as typeof l).scales; });
          const text = stringifyModel(json);
          const again = Model.fromJSON(engine, text);
          try {
            expect(bits(again.getParameters())).toEqual(bits(Model.fromJSON(engine, json).getParameters()));
            expect(text).toBe(stringifyModel(again.toJSON()));
          } finally {
            again.dispose();
          }
        } finally {
          model.dispose();
        }
      }),
      fuzzParams(300),
    );
  });

  const jsonValue = fc.oneof(
    fc.constantFrom<unknown>(1e39, -1e39, 1e-46, -0, NaN, Infinity, null, '1', true, [], {}, 10n, undefined, Symbol('s')),
    fc.anything({ withBigInt: true, withSparseArray: true, withBoxedValues: true, withNullPrototype: true, maxDepth: 2 }),
  );

  /** Every path to a value inside the model's JSON. */
  function paths(v: unknown, at: (string | number)[] = []): (string | number)[][] {
    if (Array.isArray(v)) return [at, ...v.flatMap((x, i) => paths(x, [...at, i]))];
    if (v && typeof v === 'object') return [at, ...Object.entries(v).flatMap(([k, x]) => paths(x, [...at, k]))];
    return [at];
  }

  it('a value replaced or deleted anywhere gives a ModelFileError with a path, or a usable model', async () => {
    await fc.assert(
      fc.asyncProperty(spec, fc.nat(), jsonValue, fc.boolean(), async (s, pick, value, remove) => {
        const model = build(s);
        const json = JSON.parse(JSON.stringify(model.toJSON()));
        model.dispose();
        const all = paths(json).filter((p) => p.length > 0);
        const path = all[pick % all.length]!;
        let parent = json;
        for (const k of path.slice(0, -1)) parent = parent[k];
        const key = path[path.length - 1]!;
        if (remove) delete parent[key];
        else parent[key] = value;
        await expectNamedOutcome(() => Model.fromJSON(engine, json), [ModelFileError], (m) => {
          expect(m.getParameters().every(Number.isFinite)).toBe(true);
          m.dispose();
        });
        try {
          parseModelJSON(json);
        } catch (e) {
          expect(typeof (e as ModelFileError).path).toBe('string');
        }
      }),
      fuzzParams(700),
    );
  });

  it('mutated model text (cuts, odd characters, BOM, long digit runs) gives a ModelFileError or a usable model', async () => {
    await fc.assert(
      fc.asyncProperty(spec, fc.array(textMutation(), { minLength: 1, maxLength: 3 }), async (s, edits) => {
        const model = build(s);
        const text = edits.reduce((t, e) => e(t), stringifyModel(model.toJSON()));
        model.dispose();
        await expectNamedOutcome(() => Model.fromJSON(engine, text), [ModelFileError], (m) => {
          expect(m.getParameters().every(Number.isFinite)).toBe(true);
          m.dispose();
        });
      }),
      fuzzParams(600),
    );
  });
});
