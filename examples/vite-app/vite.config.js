import { defineConfig } from 'vite';

export default defineConfig({
  // The dev server pre-bundles dependencies into its cache, away from their
  // wasm files; serve Untangle as it is so it finds them. (`vite build` needs nothing.)
  optimizeDeps: { exclude: ['untangle'] },
});
