import { defineConfig } from 'vite';

// Nothing to configure for Untangle: Vite follows the engine's
// new URL('./untangle.<variant>.wasm', import.meta.url) in the build and in the dev server.
export default defineConfig({});
