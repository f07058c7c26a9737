/**
 * The Node half of the determinism test, on the built library (dist/index.js):
 * prints one line of JSON with what `auto` picks, the whole run's parameter
 * hash, a mid-run checkpoint and the hash of finishing from it. Usage:
 *   node [--experimental-wasm-relaxed-simd] test/browser/node-resume.js simd|relaxed
 */
import * as lib from '../../dist/index.js';
import { autoVariant, finish, firstPart, wholeRun } from './resume-run.js';

const variant = process.argv[2];
if (variant !== 'simd' && variant !== 'relaxed') {
  console.error('usage: node-resume.js simd|relaxed');
  process.exit(2);
}
const whole = await wholeRun(lib, variant);
const checkpoint = await firstPart(lib, variant);
const resumed = await finish(lib, variant, checkpoint);
process.stdout.write(`${JSON.stringify({ auto: await autoVariant(lib), whole, checkpoint, resumed })}\n`);
