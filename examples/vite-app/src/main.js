// The app imports the library as any package; Vite follows the engine's
// new URL('./untangle.<variant>.wasm', import.meta.url) and emits the kernels.
import { createEngine, Model, fit, spirals } from 'untangle';

const status = document.getElementById('status');

async function run() {
  const started = performance.now();
  const engine = await createEngine();
  const engineMs = performance.now() - started;
  const data = spirals({ n: 400, turns: 1 });
  const model = Model.create(engine, {
    inputs: 2,
    layers: [{ units: 8, activation: 'tanh' }, { units: 8, activation: 'tanh' }, { units: 2 }],
    seed: 1,
  });
  const { history } = fit(model, data, { epochs: 60, batchSize: 32, optimizer: 'adam', learningRate: 0.02 });
  const { accuracy } = model.evaluate(data);
  status.textContent = `${engine.variant} SIMD, engine ready in ${engineMs.toFixed(0)} ms: ` +
    `${(100 * accuracy).toFixed(1)} % of the points right after ${history.length} epochs`;
  return { variant: engine.variant, engineMs, accuracy, lossFirst: history[0].loss, lossLast: history.at(-1).loss };
}

// window.result lets a test (or you, in the console) read the outcome.
run().then(
  (result) => { window.result = result; },
  (error) => { window.result = { error: String(error) }; status.textContent = String(error); },
);
