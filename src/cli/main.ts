#!/usr/bin/env node
import path from 'node:path';
import v8 from 'node:v8';
import { Command, Option } from 'commander';
import { DEFAULT_CRON, DEFAULT_TIMEZONE, startNightly } from '../../jobs/nightly';
import { createLogger, type Logger } from '../log';
import type { ImportOutcome } from '../pipeline/import';
import { runPipeline } from '../pipeline/run';
import type { RunSummary } from '../pipeline/summary';
import { BUNDLED_MAPPINGS, loadAgencies, loadMappings } from '../read/mappings';
import { canonicalAgency } from '../model/agencies';
import { CATALOGUE } from '../reconcile';
import { LockBusyError } from '../write/lock';
import { jobsOption, outOption, pipelineOptions, toConfig, toSettings, UsageError, yearArg, type PipelineFlags } from './options';
import { progressReporter } from './progress';
import { registerDecide } from './decide';
import { renderFindings, review } from './review';
import { registerServe } from './serve';
import { registerStatus } from './status';
import { renderTable } from '../write/formats';

/**
 * After a full collection each heap (this thread's and every worker's) may grow to 1.3× what
 * is live, where V8 by default lets a heap with a large limit grow up to 4×: a run's heaps
 * are mostly garbage between files. With the workers' smaller young generation
 * (pipeline/pool.ts), peak RSS at 10,000 files went from 340–361 MB to 284–287 MB over three
 * runs each, at the same speed; over 1,000 files a run is about 5% slower (more collections
 * while the code warms up). V8 reads this flag at every collection, so setting it here,
 * before any worker starts, takes effect.
 */
v8.setFlagsFromString('--heap-growing-percent=30');

/** Exit statuses of the design's command-line contract. */
const EXIT = { ok: 0, failure: 1, discrepancies: 2, rejected: 3 } as const;

function logger(out?: string): Logger {
  return createLogger({ logDir: out ? path.join(out, 'logs') : undefined });
}

function printRunSummary(summary: RunSummary): void {
  const c = summary.counts;
  process.stdout.write(
    `run ${summary.runId}: ${c.files} files, ${c.imported} imported (${c.clean} clean, ${c.discrepancies} with discrepancies), ` +
      `${c.rejected} rejected, ${c.skipped} skipped; ${c.errors} errors, ${c.warnings} warnings\n` +
      `cross-file: ${summary.crossFile.findings} findings (${summary.crossFile.new} new, ${summary.crossFile.cleared} cleared)\n` +
      `summary: ${path.join(summary.out, 'runs', summary.runId, 'summary.json')}\n`,
  );
}

const program = new Command('nianbao')
  .description('Imports, reconciles and cleans the departments\' 政府信息公开工作年度报告 tables')
  .showHelpAfterError()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) });

jobsOption(pipelineOptions(program.command('run').description('import every new or changed file of the inbox once')))
  .option('--inbox <dir>', 'folder of submissions', 'samples/inbox')
  .option('--force', 'reimport every file, changed or not')
  .action(async (flags: PipelineFlags) => {
    const config = toConfig(flags);
    const log = logger(config.out);
    const progress = progressReporter(log);
    const stop = stopSignal(log);
    const summary = await runPipeline({ config, settings: toSettings(config, {}), command: 'run', logger: log, stop, onProgress: progress.update });
    progress.stop();
    printRunSummary(summary);
  });

pipelineOptions(program.command('import').argument('<file>', 'the submission').description("import one file now, whatever the ledger says; its result replaces the agency-year's unless a newer submission for it is known (X.duplicate)"))
  .option('--mapping <name>', 'use this mapping instead of the best-scoring one')
  .option('--agency <name>', 'the agency, when the title and file name do not say (wins over both)')
  .option('--year <n>', 'the report year, likewise', yearArg)
  .option('--json', 'print one JSON object on stdout')
  .addHelpText('after', '\nExit status: 0 clean (warnings allowed), 2 discrepancies of severity error, 3 rejected (PARSE.*), 1 failure.')
  .action(async (file: string, flags: PipelineFlags & { json?: boolean }) => {
    const config = toConfig({ ...flags, jobs: 1 });
    const log = logger(config.out);
    let result: { outcome: ImportOutcome; cleanedPath?: string } | undefined;
    await runPipeline({
      config,
      settings: toSettings(config, flags),
      command: 'import',
      files: [file],
      logger: log,
      onOutcome: (outcome, entry) => (result = { outcome, cleanedPath: entry.cleanedPath }),
    });
    if (!result) throw new Error(`${file} was not imported`);
    const { outcome, cleanedPath } = result;
    const discrepancies = outcome.findings;
    if (flags.json) {
      const edition = outcome.status === 'rejected' ? null : outcome.edition;
      const mapping = outcome.status === 'rejected' ? null : outcome.mapping;
      process.stdout.write(JSON.stringify({ status: outcome.status, agency: outcome.agency, year: outcome.year, edition, mapping, cleanedPath: cleanedPath ?? null, discrepancies }) + '\n');
    } else {
      const what = outcome.status === 'rejected' ? `rejected (${outcome.rule})` : outcome.status;
      process.stdout.write(`${what}: ${outcome.agency ?? '?'} ${outcome.year ?? '?'}${cleanedPath ? ` → ${cleanedPath}` : ''}\n`);
      if (discrepancies.length) process.stdout.write(renderFindings(discrepancies.map((f) => ({ ...f, file: outcome.file, agency: outcome.agency, year: outcome.year }))));
    }
    process.exitCode = outcome.status === 'clean' ? EXIT.ok : outcome.status === 'discrepancies' ? EXIT.discrepancies : EXIT.rejected;
  });

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

outOption(program.command('review').description("print a run's findings as a table for an operator"))
  .option('--run <id>', 'the run (default: the latest)')
  .option('--agency <name>', "this agency only: its years side by side, its cross-file findings, then its findings (an alias is accepted)")
  .option('--mappings <dir>', 'folder of agencies.yaml, for aliases', BUNDLED_MAPPINGS)
  .addOption(new Option('--severity <level>', 'only this severity').choices(['error', 'warning']))
  .action((flags: { out: string; mappings: string; run?: string; agency?: string; severity?: 'error' | 'warning' }) => {
    const agency = flags.agency && canonicalAgency(loadAgencies(flags.mappings), flags.agency);
    process.stdout.write(review(flags.out, { run: flags.run, severity: flags.severity, agency }));
  });

const mappingsCommand = program.command('mappings').description('layout mappings');
mappingsCommand
  .command('check')
  .description('validate every mapping file')
  .option('--mappings <dir>', 'folder of mappings', pipelineOptions(new Command()).getOptionValue('mappings') as string)
  .action((flags: { mappings: string }) => {
    const { mappings, invalid } = loadMappings(flags.mappings);
    for (const m of mappings) process.stdout.write(`ok       ${m.name} (edition ${m.edition}, ${m.tables.length} tables)\n`);
    for (const bad of invalid) process.stdout.write(`invalid  ${bad.file}\n${bad.problems.map((p) => `         ${p}\n`).join('')}`);
    process.exitCode = invalid.length ? EXIT.failure : EXIT.ok;
  });

program
  .command('rules')
  .description('list the rule catalogue')
  .action(() => {
    process.stdout.write(renderTable(['规则', '级别', '范围', '说明'], CATALOGUE.map((r) => [r.id, r.severity, r.scope, r.statement])));
  });

registerServe(program);
registerDecide(program);
registerStatus(program);

/** SIGTERM/SIGINT during `run`: finish the file in hand, write the summary, exit 0. */
function stopSignal(log: Logger): AbortSignal {
  const controller = new AbortController();
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      log.warn({ signal }, 'stopping after the files in hand');
      controller.abort();
    });
  }
  return controller.signal;
}

program.parseAsync(process.argv).catch((e: Error) => {
  if (e instanceof UsageError || e instanceof LockBusyError) process.stderr.write(`nianbao: ${e.message}\n`);
  // One line, for cron's mail and the operator; a run's failure is also logged with its stack (out/logs/).
  else process.stderr.write(`nianbao: failed: ${e.message.split('\n')[0]}\n`);
  process.exitCode = EXIT.failure;
});
