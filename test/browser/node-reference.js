/**
 * Runs spirals-run.js in plain Node on the built library (dist/index.js) and
 * prints the result as one line of JSON. Usage:
 *   node [--experimental-wasm-relaxed-simd] test/browser/node-reference.js simd|relaxed
 */
import * as lib from '../../dist/index.js';
import { runSpirals } from './spirals-run.js';

const variant = process.argv[2];
if (variant !== 'simd' && variant !== 'relaxed') {
  console.error('usage: node-reference.js simd|relaxed');
  process.exit(2);
}
const result = await runSpirals(lib, variant);
process.stdout.write(`${JSON.stringify(result)}\n`);
