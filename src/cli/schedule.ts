import type { Command } from 'commander';
import { DEFAULT_CRON, DEFAULT_TIMEZONE, startNightly } from '../pipeline/nightly';
import { jobsOption, pipelineOptions, toConfig, toSettings, type PipelineFlags } from './options';
import { logger } from './shared';

export function register(program: Command): void {
  jobsOption(pipelineOptions(program.command('schedule').description('run `run` on a schedule, never two at once; SIGTERM ends after the current file')))
    .option('--inbox <dir>', 'folder of submissions', 'samples/inbox')
    .option('--cron <expr>', 'when to run (node-cron syntax, seconds allowed)', DEFAULT_CRON)
    .option('--tz <zone>', 'time zone of the cron expression', DEFAULT_TIMEZONE)
    .action(async (flags: PipelineFlags & { cron: string; tz: string }) => {
      const config = toConfig(flags);
      const settings = toSettings(config, {});
      const log = logger(config.out);
      const job = startNightly({ cron: flags.cron, timezone: flags.tz, logger: log, request: (stop) => ({ config, settings, command: 'run', logger: log, stop }) });
      await new Promise<void>((resolve) => {
        const end = (signal: string) => {
          log.info({ signal }, 'stopping after the file in hand');
          void job.stop().then(resolve);
        };
        process.once('SIGTERM', () => end('SIGTERM'));
        process.once('SIGINT', () => end('SIGINT'));
      });
    });
}
