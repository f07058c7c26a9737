import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { Model } from '../../src/model/model.js';
import { loadModel } from '../../src/model/model-file.js';
import { parseModelJSON } from '../../src/model/model-json.js';
import { testEngine } from '../helpers/engine.js';

// fixtures/model-v1-main.json was written by saveModel before layer types moved
// into the layer registry (a conv2d → maxpool → dense → vectorfield → dense net
// on 1×6×6 inputs, seed 7); these are the probabilities that code predicted for
// the probe sin(0…35) when it saved the file.
const FIXTURE = new URL('./fixtures/model-v1-main.json', import.meta.url);
const SAVED_PREDICTION = [0.4298052489757538, 0.4544849991798401, 0.11570970714092255];

describe('version-1 model files written before the layer registry', () => {
  it('load, predict what they predicted when saved, and save back the same JSON', async () => {
    const engine = await testEngine();
    const text = readFileSync(FIXTURE, 'utf8');
    const model = await loadModel(engine, FIXTURE.pathname);
    expect(model.layers.map((l) => l.type)).toEqual(['conv2d', 'maxpool', 'dense', 'vectorfield', 'dense']);
    const probe = new Float32Array(36).map((_, i) => Math.sin(i));
    const p = Array.from(model.predict(probe));
    p.forEach((v, i) => expect(Math.abs(v - SAVED_PREDICTION[i]!), `class ${i}`).toBeLessThan(1e-6));
    expect(model.toJSON()).toEqual(JSON.parse(text));
  });

  it('unknown top-level fields pass through the reader', async () => {
    const json = { ...JSON.parse(readFileSync(FIXTURE, 'utf8')), notes: { name: 'later field' } };
    expect((parseModelJSON(json) as unknown as { notes: unknown }).notes).toEqual({ name: 'later field' });
    const engine = await testEngine();
    expect(Model.fromJSON(engine, json).layers).toHaveLength(5);
  });
});
