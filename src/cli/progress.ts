/**
 * Progress bars for long CLI work (cli-progress): one line that redraws in a
 * terminal; when output is not a terminal (CI logs, pipes) it stays quiet and
 * the caller prints summaries instead of a stream of redraws.
 */
import cliProgress from 'cli-progress';

export interface Progress {
  update(value: number, fields?: Record<string, string | number>): void;
  stop(): void;
}

export function progressBar(total: number, label: string, format = '{bar} {percentage}% | {value}/{total} {label} {info}'): Progress {
  if (!process.stderr.isTTY) return { update() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    { format: `${label.padEnd(12)} ${format}`, hideCursor: true, clearOnComplete: false, stream: process.stderr, fps: 15 },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { label: '', info: '' });
  return {
    update: (value, fields) => bar.update(value, fields ?? {}),
    stop: () => bar.stop(),
  };
}
