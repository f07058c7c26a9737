// Training film: frame count and steps as requested, loss falling on an easy
// problem, each frame's representation equal to the model's at that step, and
// the classification line where the logits tie.
import { describe, it, expect } from 'vitest';
import { Model } from '../../src/model/model.js';
import { recordTrainingFilm } from '../../src/export/training-film.js';
import { testEngine } from '../helpers/engine.js';
import type { Dataset } from '../../src/data/dataset.js';
import { Random } from '../../src/engine/random.js';

/** Two well-separated Gaussian blobs: any network learns them. */
function blobs(n: number, seed: number): Dataset {
  const r = new Random(seed);
  const x = new Float32Array(2 * n), y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = i % 2;
    x[2 * i] = (y[i] ? 0.6 : -0.6) + 0.15 * r.normal();
    x[2 * i + 1] = (y[i] ? 0.3 : -0.3) + 0.15 * r.normal();
  }
  return { name: 'blobs', x, y, n, dim: 2, classes: 2, domain: { min: [-1.2, -1.2], max: [1.2, 1.2] }, params: { seed } };
}

async function net(seed = 1) {
  const engine = await testEngine();
  return Model.create(engine, { inputs: 2, layers: [{ units: 2, activation: 'tanh' }, { units: 2, activation: 'tanh' }, { units: 2 }], seed });
}

describe('recordTrainingFilm', () => {
  it('every 5 steps, at most 12 frames: exactly 12 frames at steps 0, 5, …, 55; training stops there', async () => {
    const model = await net();
    const data = blobs(64, 1);
    const film = recordTrainingFilm(model, data, { epochs: 100, batchSize: 16 }, { every: 5, maxFrames: 12 });
    expect(film).toMatchObject({ schema: 'untangle-export', version: 1, kind: 'training-film', layer: 2, width: 2, activation: 'tanh', spacing: 'even', every: 5, stepsPerEpoch: 4, plannedSteps: 400, stopped: 'max-frames' });
    expect(film.frames).toHaveLength(12);
    expect(film.frames.map((f) => f.step)).toEqual(Array.from({ length: 12 }, (_, i) => 5 * i));
    expect(film.frames[3]!.epoch).toBe(15 / 4);
    model.dispose();
  });

  it('default spacing: log-spaced steps, maxFrames of them, dense at the start and ending at the last step; the loss falls on an easy problem', async () => {
    const model = await net(2);
    const data = blobs(100, 2);
    const film = recordTrainingFilm(model, data, { epochs: 30, batchSize: 20, learningRate: 0.05 }, { maxFrames: 16, linesPerAxis: 5, pointsPerLine: 20 });
    expect(film.plannedSteps).toBe(150);
    expect(film).toMatchObject({ spacing: 'log', every: 0 });
    expect(film.frames).toHaveLength(16);
    expect(film.frames.map((f) => f.step)).toEqual([0, 1, 2, 3, 4, 6, 8, 11, 15, 21, 29, 40, 56, 78, 108, 150]);
    // Each gap at most ~1.4× the one before: a smooth zoom in time, not a jump.
    const steps = film.frames.map((f) => f.step);
    for (let k = 2; k < steps.length; k++) expect(steps[k]! - steps[k - 1]!).toBeLessThanOrEqual(Math.ceil(1.45 * (steps[k - 1]! - steps[k - 2]!)));
    expect(film.frames[15]!.step).toBe(150);
    expect(film.stopped).toBe('completed');
    expect(film.history).toHaveLength(30);
    const losses = film.frames.map((f) => f.loss);
    expect(losses[15]!).toBeLessThan(0.5 * losses[0]!);
    // Mostly downhill: the loss at each quarter is below the one before.
    for (const [a, b] of [[0, 4], [4, 8], [8, 15]]) expect(losses[b!]!).toBeLessThan(losses[a!]!);
    expect(film.frames[15]!.accuracy).toBeGreaterThan(0.95);
    // The last frame is the trained model's view, and its loss the model's.
    const last = film.frames[15]!;
    expect(last.points).toEqual(model.layerOutputs(data.x)[1]);
    expect(last.loss).toBe(model.evaluate(data).loss);
    expect(last.grid).toHaveLength(10 * 20 * 2);
    // The classification line: logits tie at both ends of the segment, which lies in the frame's bounds.
    const c = last.classifier!;
    const seg = last.boundarySegment!;
    expect(seg).not.toBeNull();
    for (const [x, y] of [[seg[0]!, seg[1]!], [seg[2]!, seg[3]!]]) {
      const diff = (c.weights[2]! - c.weights[0]!) * x! + (c.weights[3]! - c.weights[1]!) * y! + c.bias[1]! - c.bias[0]!;
      expect(Math.abs(diff)).toBeLessThan(1e-9);
      expect(x!).toBeGreaterThanOrEqual(last.bounds.min[0]! - 1e-9);
      expect(x!).toBeLessThanOrEqual(last.bounds.max[0]! + 1e-9);
    }
    model.dispose();
  });

  it('films the input layer and stops on onEpoch returning false', async () => {
    const model = await net(3);
    const data = blobs(40, 3);
    let epochs = 0;
    const film = recordTrainingFilm(model, data, { epochs: 50, batchSize: 40, onEpoch: () => ++epochs < 3 }, { layer: 0, every: 2 });
    expect(film.stopped).toBe('callback');
    expect(film.frames.map((f) => f.step)).toEqual([0, 2, 3]);
    expect(film.frames[1]!.points).toEqual(data.x);
    expect(film.frames[0]!.classifier).toBeNull();
    expect(film.activation).toBeNull();
    model.dispose();
  });

  it('rejects a layer that does not exist', async () => {
    const model = await net();
    expect(() => recordTrainingFilm(model, blobs(10, 1), {}, { layer: 4 })).toThrow(/layer/);
    model.dispose();
  });
});
