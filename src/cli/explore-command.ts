/**
 * `untangle explore`: serves the interactive explorer page (explorer/, or
 * dist/explorer/ where a build puts it) and the browser bundle (dist/) on
 * 127.0.0.1, cross-origin isolated so the page may train on several threads,
 * and prints the address of the page itself.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { UnsupportedError } from '../errors.js';
import { numberOption } from './args.js';
import { startStaticServer } from './static-server.js';

export const EXPLORE_HELP = `untangle explore — the interactive explorer in your browser

Serves explorer/ and the browser bundle on http://127.0.0.1:PORT/ until you press Ctrl-C.
The page trains a small network live (wasm SIMD in the browser) and draws the decision
regions, any layer's representation with its deformed grid, the layer animation, training
curves and per-layer persistence barcodes; the address bar keeps every setting.

Options:
  --port N   port to listen on (default 8080; 0 picks a free one)
  --help     this text
`;

/** Where the page may be, relative to the package root, first found wins. */
export async function exploreCommand(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { port: { type: 'string' }, help: { type: 'boolean' } }, strict: true });
  if (values.help) {
    process.stdout.write(EXPLORE_HELP);
    return;
  }
  const port = numberOption(values.port, 'port', 8080, { integer: true, min: 0, max: 65535 });
  // dist/cli.js → the package root is one folder up.
  const root = fileURLToPath(new URL('../', import.meta.url));
  for (const needed of ['explorer/index.html', 'dist/explorer.js', 'dist/untangle.browser.js']) {
    if (!existsSync(root + needed)) throw new UnsupportedError(`${needed} is missing under ${root} (run \`npm run build\`)`);
  }
  const served = await startStaticServer({ root, folders: ['dist', 'explorer'], port, index: '/explorer/index.html' });
  process.stdout.write(`untangle explorer: open ${served.origin}/explorer/index.html (Ctrl-C stops)\n`);
  await new Promise<void>((done) => {
    process.once('SIGINT', () => void served.close().then(done));
    process.once('SIGTERM', () => void served.close().then(done));
  });
}
