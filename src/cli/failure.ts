/**
 * How the `untangle` command reports a failure: one line, `untangle: <message> [CODE]`
 * for Untangle's own errors, so scripts can match the stable code and people read no
 * stack trace (UNTANGLE_DEBUG=1 adds it). A bad command line exits with 2, anything
 * else with 1.
 */
import { UntangleError, UsageError } from '../errors.js';

/** The line to print and the exit code for an error that reached the command's entry. */
export function describeFailure(error: unknown): { line: string; exitCode: number } {
  const e = asUntangleError(error);
  if (e) {
    const message = e.message.replace(/\s*\n\s*/g, ' ');
    return { line: `untangle: ${message} [${e.code}]`, exitCode: e.code === 'USAGE' ? 2 : 1 };
  }
  const message = (error instanceof Error ? error.message : String(error)).replace(/\s*\n\s*/g, ' ');
  return { line: `untangle: ${message}`, exitCode: 1 };
}

/** node:util parseArgs rejects unknown or malformed options with ERR_PARSE_ARGS_* codes: those are usage errors too. */
function asUntangleError(error: unknown): UntangleError | undefined {
  if (error instanceof UntangleError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS') && error instanceof Error) return new UsageError(error.message);
  return undefined;
}
