/**
 * Wall-clock bars in tests. `npm test` runs test files on every core at once,
 * so a speed figure measured inside it says as much about the neighbours as
 * about the code, and the load average lags too far behind to tell. Tests
 * therefore print their speed figures always and hold them to the product's
 * bars only when asked, on a machine known to be free:
 * `UNTANGLE_STRICT_TIMING=1 npx vitest run <file>`. Bounds that guard against
 * a complexity blow-up (minutes instead of milliseconds) stay on always.
 */
export const strictTiming = process.env.UNTANGLE_STRICT_TIMING === '1';
