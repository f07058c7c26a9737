/**
 * The coordinator's side of a model kept resident in a pool's threads for
 * prediction. Rebuilding the model in every thread on every call (its JSON
 * cloned, parsed and loaded, its inference plans built) cost more than the
 * prediction saved on batches of a few thousand images; so each thread keeps
 * the last model it predicted with, and a request carries only what the thread
 * lacks: the whole model when it holds another one, the weights when they
 * changed, nothing when they did not.
 *
 * "Changed" is decided by comparing the weights' bits with the copy last sent,
 * not by a version counter: parameters are written by plans inside wasm
 * (training steps), setParameters, checkpoints and data-parallel runs, and a
 * counter every one of them must remember to bump would, once forgotten,
 * predict with stale weights. The comparison costs one pass over the
 * parameters (about a millisecond for LeNet-5's 430 k), far below the
 * prediction it serves.
 */
import type { Model } from '../model/model.js';
import type { ModelJSON } from '../model/model-json.js';

/** What a thread holds for prediction: which model, with which weights. */
export interface ResidentModel {
  id: number;
  weights: Float32Array;
}

/** The part of a predict request that brings a thread's resident model up to date. */
export interface ResidentUpdate {
  /** The model's id in this process (the same Model object keeps its id). */
  modelId: number;
  /** The whole model, when the thread holds another one (or none). */
  model?: ModelJSON;
  /** The weights, when the thread holds this model with other weights. */
  weights?: Float32Array;
}

const ids = new WeakMap<Model, number>();
let lastId = 0;

/** A number naming `model` for as long as it lives: its layers never change, its weights may. */
export function residentId(model: Model): number {
  let id = ids.get(model);
  if (id === undefined) {
    id = ++lastId;
    ids.set(model, id);
  }
  return id;
}

/** Are the two arrays the same bits (so −0 ≠ 0 and a NaN equals the same NaN)? */
export function sameBits(a: Float32Array, b: Float32Array): boolean {
  if (a.length !== b.length) return false;
  const u = new Int32Array(a.buffer, a.byteOffset, a.length);
  const v = new Int32Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < u.length; i++) if (u[i] !== v[i]) return false;
  return true;
}

/**
 * What each of `held` (the threads' resident models) needs to predict with
 * `model` as it is now. `weights` is the model's parameters, read once by the
 * caller; the JSON is made only if some thread lacks the model.
 */
export function residentUpdates(held: readonly (ResidentModel | null)[], model: Model, weights: Float32Array): ResidentUpdate[] {
  const modelId = residentId(model);
  let json: ModelJSON | undefined;
  const compared = new Map<Float32Array, boolean>(); // threads usually hold one shared copy: compare it once
  return held.map((h) => {
    if (!h || h.id !== modelId) return { modelId, model: (json ??= model.toJSON()) };
    let same = compared.get(h.weights);
    if (same === undefined) compared.set(h.weights, (same = sameBits(h.weights, weights)));
    return same ? { modelId } : { modelId, weights };
  });
}
