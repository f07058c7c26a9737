/**
 * A thread's side of a model kept resident for prediction (resident-model.ts
 * is the coordinator's): the last model a request named, with its inference
 * plans built, updated in place when new weights arrive. One model at a time,
 * so a thread holds at most one model's memory beside its training runs.
 */
import type { Engine } from '../engine/engine.js';
import { Model } from '../model/model.js';
import type { ResidentUpdate } from './resident-model.js';

export class ResidentPredictor {
  private held: { id: number; model: Model } | null = null;

  /** Brings the resident model up to date with `update`, then predicts `x` with it. */
  predict(engine: Engine, update: ResidentUpdate, x: Float32Array): Float32Array {
    if (update.model) {
      this.dispose();
      this.held = { id: update.modelId, model: Model.fromJSON(engine, update.model) };
    }
    const held = this.held;
    if (!held || held.id !== update.modelId) throw new Error(`this thread does not hold model ${update.modelId}`);
    if (update.weights) held.model.setParameters(update.weights);
    return held.model.predict(x);
  }

  /** Frees the resident model's memory (the engine stays). */
  dispose(): void {
    this.held?.model.dispose();
    this.held = null;
  }
}
