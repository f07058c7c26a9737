/**
 * The run the browser smoke test compares across runtimes: the same code is
 * loaded by smoke.html (with dist/untangle.browser.js) and by node-reference.js
 * (with dist/index.js), so a difference in the result is a difference in the
 * runtime, not in the procedure. Plain JavaScript so the page can import it as is.
 */

/** FNV-1a (32-bit) over the bytes of a typed array; 8 hex digits. */
export function hashBits(array) {
  const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i];
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

export const RUN = {
  data: { n: 600, turns: 1, seed: 1 },
  layers: [{ units: 8, activation: 'tanh' }, { units: 8, activation: 'tanh' }, { units: 2 }],
  split: { testFraction: 0.25, seed: 1 },
  modelSeed: 1,
  fit: { epochs: 300, batchSize: 32, optimizer: 'adam', learningRate: 0.02, seed: 1 },
};

/**
 * Trains a 2-8-8-2 tanh network on three quarters of a spirals set for a fixed
 * number of epochs and scores it on the rest.
 * `lib` is the Untangle module namespace; `variant` is passed to createEngine
 * (undefined = let the library pick).
 */
export async function runSpirals(lib, variant) {
  const engine = await lib.createEngine(variant ? { variant } : undefined);
  const data = lib.spirals(RUN.data);
  const { train, test } = lib.splitDataset(data, RUN.split);
  const model = lib.Model.create(engine, { inputs: 2, layers: RUN.layers, seed: RUN.modelSeed });
  const initBits = hashBits(model.getParameters());
  const started = performance.now();
  const { history } = lib.fit(model, train, RUN.fit);
  const fitMs = performance.now() - started;
  const evaluation = model.evaluate(test);
  const params = model.getParameters();
  return {
    variant: engine.variant,
    /** Held-out accuracy (the quarter of the points not trained on). */
    accuracy: evaluation.accuracy,
    loss: evaluation.loss,
    trainAccuracy: model.evaluate(train).accuracy,
    lossFirst: history[0].loss,
    lossLast: history[history.length - 1].loss,
    epochs: history.length,
    paramCount: params.length,
    paramsBits: hashBits(params),
    dataBits: hashBits(data.x),
    initBits,
    fitMs,
  };
}
