/**
 * `vite build` of an app folder through Vite's JS API, quiet unless it fails.
 * `base` is the path the app is served under (a deployment setting, given at build time).
 */
export async function buildViteApp(root: string, outDir: string, base = '/'): Promise<void> {
  const { build } = await import('vite');
  await build({ root, base, configFile: `${root}/vite.config.js`, logLevel: 'error', build: { outDir, emptyOutDir: true } });
}
