import type { Logger } from '../log';

/** A bar with files done, rate and time left in a terminal; a log line every N files under cron. */
export function progressReporter(logger: Logger, every = 100): { update: (done: number, total: number) => void; stop: () => void } {
  if (process.stderr.isTTY) {
    // Loaded for a terminal only: cron and systemd never need it.
    const { SingleBar, Presets } = require('cli-progress') as typeof import('cli-progress');
    const bar = new SingleBar({ stream: process.stderr, format: '{bar} {value}/{total} files | {rate}/s | ETA {eta_formatted}', hideCursor: true, clearOnComplete: true }, Presets.shades_classic);
    let started = false;
    const t0 = Date.now();
    return {
      update(done, total) {
        if (!started) bar.start(total, 0, { rate: '0' });
        started = true;
        bar.update(done, { rate: (done / Math.max(0.001, (Date.now() - t0) / 1000)).toFixed(1) });
      },
      stop: () => started && bar.stop(),
    };
  }
  return {
    update(done, total) {
      if (done % every === 0 && done < total) logger.info({ done, total }, 'progress');
    },
    stop: () => undefined,
  };
}
