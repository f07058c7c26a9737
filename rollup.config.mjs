// Bundles the TypeScript facade as ESM for Node and browsers, with the wasm
// kernels copied beside it (the engine finds them via one literal
// new URL('./untangle.<variant>.wasm', import.meta.url) each, which app bundlers follow).
//   dist/index.js            library (dependencies left as imports)
//   dist/essay.js            the essay's experiments and report (`untangle/essay`)
//   dist/parallel.js         data-parallel training on worker threads (Node only: `untangle/parallel`)
//   dist/render.js           pictures and animations from the export data (`untangle/render`)
//   dist/cli.js              the `untangle` command
//   dist/train-worker.js     a data-parallel training thread (src/train/parallel.ts starts it)
//   dist/untangle.browser.js library with its dependencies inlined, for a plain <script type="module">
//   dist/worker.js           training in a worker (`untangle/worker`)
//   dist/worker-thread.js    the script that worker runs, self-contained (a module Web Worker or a Node worker thread)
//   dist/worker.browser.js   `untangle/worker` for a plain page: imports the library from ./untangle.browser.js
//   dist/parallel.browser.js `untangle/parallel` with its dependencies inlined (Web Workers)
//   dist/train-worker.browser.js a training thread as a module Web Worker (parallel.browser.js starts it)
//   dist/untangle.bench.js   the benchmark suite for dist/bench.html (`untangle bench --serve`)
//   dist/explorer.js         the <untangle-explorer> element (explorer/index.html), dependencies inlined
import { chmodSync, existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import typescript from '@rollup/plugin-typescript';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import { transform } from 'esbuild';

const pkg = JSON.parse(readFileSync('./package.json', 'utf8'));
const external = [...Object.keys(pkg.dependencies ?? {}), /^node:/];

// The benchmark page, copied beside the bundle it imports.
function benchPage() {
  return {
    name: 'untangle-bench-page',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'bench.html', source: readFileSync('src/bench/page/bench.html') });
    },
  };
}

function wasmAssets() {
  return {
    name: 'untangle-wasm-assets',
    generateBundle() {
      for (const variant of ['simd', 'relaxed']) {
        const fileName = `untangle.${variant}.wasm`;
        this.emitFile({ type: 'asset', fileName, source: readFileSync(`build/${fileName}`) });
      }
    },
  };
}

// Rollup writes files with the default mode (0644), so without this every
// rebuild would break `npx untangle` ("Permission denied") until reinstalled.
function executable(fileName) {
  return {
    name: 'untangle-executable',
    writeBundle(options) {
      chmodSync(join(options.dir ?? 'dist', fileName), 0o755);
    },
  };
}

/** src/index.ts, however an import names it (resolved by the TypeScript plugin or not yet). */
const isLibraryEntry = (id) => /[\\/]src[\\/]index\.(ts|js)$/.test(id);

// The explorer page loads one file: minified, it downloads in a third of the bytes.
function minify() {
  return {
    name: 'untangle-minify',
    async renderChunk(code) {
      const out = await transform(code, { minify: true, format: 'esm', target: 'es2022', sourcemap: true });
      return { code: out.code, map: out.map };
    },
  };
}

// The self-contained bundles only need their types stripped: each
// @rollup/plugin-typescript instance compiles and type-checks the whole of src/
// again (seven times over, most of the build's time), while the library build
// below and `npm run typecheck` already check every file. tsconfig.json sets
// isolatedModules, so a per-file transform gives the same JavaScript semantics.
function stripTypes() {
  const { compilerOptions } = JSON.parse(readFileSync('./tsconfig.json', 'utf8'));
  return {
    name: 'untangle-strip-types',
    resolveId(source, importer) {
      // Sources import each other as './x.js'; the file on disk is './x.ts'.
      if (!importer || !source.startsWith('.') || !source.endsWith('.js')) return null;
      const candidate = resolve(dirname(importer), source.slice(0, -3) + '.ts');
      return existsSync(candidate) ? candidate : null;
    },
    async transform(code, id) {
      if (!id.endsWith('.ts')) return null;
      const out = await transform(code, { loader: 'ts', format: 'esm', target: 'es2022', sourcemap: true, sourcefile: id, tsconfigRaw: { compilerOptions } });
      return { code: out.code, map: out.map };
    },
  };
}

const ts = (declarations) =>
  typescript({
    tsconfig: './tsconfig.json',
    declaration: declarations,
    declarationDir: declarations ? 'dist/types' : undefined,
    // Members tagged @internal (parameter blocks, kernels, plan emitters) stay
    // usable inside the repository but are left out of the published types.
    stripInternal: declarations,
    outDir: 'dist',
    noEmitOnError: true,
  });

export default [
  {
    input: { index: 'src/index.ts', essay: 'src/essay.ts', parallel: 'src/parallel.ts', render: 'src/render/index.ts', cli: 'src/cli/main.ts', 'train-worker': 'src/train/worker.ts', worker: 'src/worker/index.ts' },
    // Shared chunks sit in dist/ itself: the engine finds its wasm with
    // new URL('./untangle.*.wasm', import.meta.url), relative to the chunk it lands in.
    output: { dir: 'dist', format: 'es', sourcemap: true, chunkFileNames: '[name]-[hash].js' },
    external,
    plugins: [ts(true), wasmAssets(), executable('cli.js')],
  },
  ...[
    ['src/index.ts', 'dist/untangle.browser.js'],
    ['src/parallel.ts', 'dist/parallel.browser.js'],
    ['src/train/worker.ts', 'dist/train-worker.browser.js'],
    // Self-contained, so it loads the same way in a browser (no import map for its
    // dependencies) and in Node; it finds the wasm beside itself in dist/.
    ['src/worker/worker-thread.ts', 'dist/worker-thread.js'],
  ].map(([input, file]) => ({
    input,
    output: { file, format: 'es', sourcemap: true, inlineDynamicImports: true },
    external: [/^node:/],
    plugins: [nodeResolve({ browser: true }), stripTypes()],
  })),
  {
    // The library itself comes from untangle.browser.js, so a page gets back its own Model class.
    input: 'src/worker/index.ts',
    output: { file: 'dist/worker.browser.js', format: 'es', sourcemap: true, inlineDynamicImports: true, paths: (id) => (isLibraryEntry(id) ? './untangle.browser.js' : id) },
    external: (id) => /^node:/.test(id) || isLibraryEntry(id),
    plugins: [nodeResolve({ browser: true }), stripTypes()],
  },
  {
    input: 'src/bench/browser.ts',
    output: { file: 'dist/untangle.bench.js', format: 'es', sourcemap: true, inlineDynamicImports: true },
    external: [/^node:/],
    plugins: [nodeResolve({ browser: true }), stripTypes(), benchPage()],
  },
  {
    input: 'src/explorer/explorer.ts',
    output: { file: 'dist/explorer.js', format: 'es', sourcemap: true, inlineDynamicImports: true },
    external: [/^node:/],
    plugins: [nodeResolve({ browser: true }), stripTypes(), minify()],
  },
];
