import cron from 'node-cron';
import type { Logger } from '../log';
import { runPipeline, type RunRequest } from './run';

/** The big-data center's nightly import: 02:00 Shanghai time unless told otherwise. */
export const DEFAULT_CRON = '0 2 * * *';
export const DEFAULT_TIMEZONE = 'Asia/Shanghai';

export interface NightlyOptions {
  cron: string;
  timezone: string;
  logger: Logger;
  /** The run each tick makes; the signal is aborted when the job is asked to stop. */
  request: (stop: AbortSignal) => RunRequest;
}

export interface NightlyJob {
  /** Finishes the file in hand, writes the run's summary, stops ticking. */
  stop(): Promise<void>;
  nextRun(): Date | null;
}

/**
 * Ticks with node-cron, never two runs at once: a tick that finds a run still going is
 * logged and skipped (noOverlap), and a run in progress holds the output folder's lock
 * against manual imports too.
 */
export function startNightly(options: NightlyOptions): NightlyJob {
  const { logger } = options;
  const stopping = new AbortController();
  // The service outlives any one run: a promise rejected outside a run's own handling is
  // logged, not the end of the process (Node's default). A run's failure is caught below.
  const stray = (reason: unknown) => logger.error({ err: reason }, 'unhandled rejection: logged, the schedule goes on');
  process.on('unhandledRejection', stray);
  let current: Promise<unknown> | null = null;
  const task = cron.schedule(
    options.cron,
    async () => {
      if (stopping.signal.aborted) return;
      current = Promise.resolve().then(() => runPipeline(options.request(stopping.signal))).catch((e: Error) => logger.error({ err: e }, `scheduled run failed: ${e.message}`));
      await current;
      current = null;
    },
    { timezone: options.timezone, noOverlap: true, name: 'nianbao-nightly', logger: cronLogger(logger) },
  );
  task.on('execution:overlap', () => logger.warn('previous run still going: this tick is skipped'));
  logger.info({ cron: options.cron, timezone: options.timezone, next: task.getNextRun()?.toISOString() }, 'schedule started');
  return {
    async stop() {
      stopping.abort();
      await task.stop();
      if (current) await current;
      await task.destroy();
      process.off('unhandledRejection', stray);
      logger.info('schedule stopped');
    },
    nextRun: () => task.getNextRun(),
  };
}

/** node-cron prints to the console unless given a logger: route it into pino. */
function cronLogger(logger: Logger) {
  const child = logger.child({ component: 'node-cron' });
  return {
    info: (m: string) => child.debug(m),
    warn: (m: string) => child.warn(m),
    error: (m: string | Error, err?: Error) => child.error({ err: err ?? m }, String(m)),
    debug: (m: string | Error) => child.debug(String(m)),
  };
}
