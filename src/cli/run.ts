import path from 'node:path';
import type { Command } from 'commander';
import type { Logger } from '../log';
import { runPipeline } from '../pipeline/run';
import type { RunSummary } from '../pipeline/summary';
import { jobsOption, pipelineOptions, toConfig, toSettings, type PipelineFlags } from './options';
import { progressReporter } from './progress';
import { EXIT, logger } from './shared';

export function printRunSummary(summary: RunSummary): void {
  const c = summary.counts;
  process.stdout.write(
    `run ${summary.runId}: ${c.files} files, ${c.imported} imported (${c.clean} clean, ${c.discrepancies} with discrepancies), ` +
      `${c.rejected} rejected, ${c.skipped} skipped${c.failed ? `, ${c.failed} FAILED (nianbao's fault, retried next run)` : ''}; ${c.errors} errors, ${c.warnings} warnings\n` +
      `cross-file: ${summary.crossFile.findings} findings (${summary.crossFile.new} new, ${summary.crossFile.cleared} cleared)\n` +
      `summary: ${path.join(summary.out, 'runs', summary.runId, 'summary.json')}\n`,
  );
}

/** SIGTERM/SIGINT during `run`: finish the file in hand, write the summary, exit 0. */
export function stopSignal(log: Logger): AbortSignal {
  const controller = new AbortController();
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      log.warn({ signal }, 'stopping after the files in hand');
      controller.abort();
    });
  }
  return controller.signal;
}

export function register(program: Command): void {
  jobsOption(pipelineOptions(program.command('run').description('import every new or changed file of the inbox once')))
    .option('--inbox <dir>', 'folder of submissions', 'samples/inbox')
    .option('--force', 'reimport every file, changed or not')
    .addHelpText('after', "\nExit status: 0 when every file ended imported, rejected or skipped with a reason; 1 when the run failed or nianbao failed on a file (INTERNAL.error, retried next run).")
    .action(async (flags: PipelineFlags) => {
      const config = toConfig(flags);
      const log = logger(config.out);
      const progress = progressReporter(log);
      const summary = await runPipeline({ config, settings: toSettings(config, {}), command: 'run', logger: log, stop: stopSignal(log), onProgress: progress.update });
      progress.stop();
      printRunSummary(summary);
      // Files rejected for their content leave the run at 0; a fault of nianbao's does not.
      process.exitCode = summary.counts.failed > 0 ? EXIT.failure : EXIT.ok;
    });
}
