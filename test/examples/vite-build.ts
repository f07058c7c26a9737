/**
 * `vite build` of an app folder through Vite's JS API. Returns the warnings
 * Vite printed (an app developer sees them on every build); errors throw.
 * `base` is the path the app is served under (a deployment setting, given at build time).
 */
export async function buildViteApp(root: string, outDir: string, base = '/'): Promise<string[]> {
  const { build, createLogger } = await import('vite');
  const warnings: string[] = [];
  const logger = createLogger('warn');
  logger.warn = (message) => void warnings.push(message);
  logger.warnOnce = (message) => void warnings.push(message);
  await build({ root, base, configFile: `${root}/vite.config.js`, customLogger: logger, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  return warnings;
}
