import type { Command } from 'commander';
import { isOpen, type StatedFinding } from '../model/finding';
import type { ParsedFile } from '../pipeline/worker';
import { runPipeline } from '../pipeline/run';
import { renderMessage } from '../reconcile/messages';
import { Store } from '../store';
import { escapeTerminal } from '../store/formats';
import { pipelineOptions, toConfig, toSettings, yearArg, type PipelineFlags } from './options';
import { renderFindings } from './review';
import { EXIT, logger } from './shared';

export function register(program: Command): void {
  pipelineOptions(program.command('import').argument('<file>', 'the submission').description("import one file now, whatever the ledger says; its result replaces the agency-year's unless a newer submission for it is known (X.duplicate)"))
    .option('--mapping <name>', 'use this mapping instead of the best-scoring one')
    .option('--agency <name>', 'the agency, when the title and file name do not say (wins over both)')
    .option('--year <n>', 'the report year, likewise', yearArg)
    .option('--json', 'print one JSON object on stdout')
    .addHelpText('after', '\nExit status: 0 clean (warnings and decided errors allowed), 2 open discrepancies of severity error, 3 rejected (PARSE.*), 1 failure (INTERNAL.error: nianbao\'s fault, not the file\'s).')
    .action(async (file: string, flags: PipelineFlags & { json?: boolean }) => {
      const config = toConfig({ ...flags, jobs: 1 });
      let result: { outcome: ParsedFile; cleanedPath?: string } | undefined;
      const summary = await runPipeline({
        config,
        settings: toSettings(config, flags),
        command: 'import',
        files: [file],
        logger: logger(config.out),
        onOutcome: (outcome, entry) => (result = { outcome, cleanedPath: entry.cleanedPath }),
      });
      if (!result) throw new Error(`${file} was not imported`);
      const { outcome, cleanedPath } = result;
      // The file's findings with the states operators' decisions give them.
      const store = Store.open(config.out);
      const keys = new Set(outcome.findings.map((f) => f.key));
      const findings: StatedFinding[] = store.runFindings(summary.runId).filter((f) => keys.has(f.key) && f.file === outcome.file);
      store.close();
      const openErrors = findings.some((f) => f.severity === 'error' && isOpen(f));
      if (flags.json) {
        const imported = outcome.status === 'clean' || outcome.status === 'discrepancies';
        const status = outcome.status === 'failed' ? 'failed' : outcome.status === 'rejected' ? 'rejected' : openErrors ? 'discrepancies' : 'clean';
        process.stdout.write(JSON.stringify({
          status, agency: outcome.agency, year: outcome.year, edition: imported ? outcome.edition : null, mapping: imported ? outcome.mapping : null,
          cleanedPath: cleanedPath ?? null, discrepancies: findings.map((f) => ({ ...f, message: renderMessage(f) })),
        }) + '\n');
      } else {
        const what = outcome.status === 'rejected' ? `rejected (${outcome.rule})` : outcome.status === 'failed' ? 'FAILED (INTERNAL.error: nianbao\'s fault, see the log)' : openErrors ? 'discrepancies' : 'clean';
        process.stdout.write(escapeTerminal(`${what}: ${outcome.agency ?? '?'} ${outcome.year ?? '?'}${cleanedPath ? ` → ${cleanedPath}` : ''}`) + '\n');
        if (findings.length) process.stdout.write(renderFindings(findings));
      }
      process.exitCode = outcome.status === 'failed' ? EXIT.failure : outcome.status === 'rejected' ? EXIT.rejected : openErrors ? EXIT.discrepancies : EXIT.ok;
    });
}
