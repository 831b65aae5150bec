import type { Command } from 'commander';
import { isOpen, type StatedFinding } from '../model/finding';
import { WORST_FIRST } from '../pipeline/import';
import type { ParsedFile, ParsedReport } from '../pipeline/worker';
import type { FileEntry } from '../pipeline/summary';
import { runPipeline } from '../pipeline/run';
import { renderMessage } from '../reconcile/messages';
import { Store } from '../store';
import { escapeTerminal } from '../store/formats';
import { pipelineOptions, toConfig, toSettings, yearArg, type PipelineFlags } from './options';
import { renderFindings } from './review';
import { EXIT, logger } from './shared';

/**
 * One report's object of `import --json` (the file's, or each of `reports` for a workbook of
 * several): its status counts only open errors (decided ones allowed).
 */
function resultOf(report: ParsedReport, cleanedPath: string | undefined, found: readonly StatedFinding[]) {
  const keys = new Set(report.findings.map((f) => f.key));
  const findings = found.filter((f) => keys.has(f.key));
  const imported = report.status === 'clean' || report.status === 'discrepancies';
  const openErrors = findings.some((f) => f.severity === 'error' && isOpen(f));
  const status: (typeof WORST_FIRST)[number] = report.status === 'failed' ? 'failed' : report.status === 'rejected' ? 'rejected' : openErrors ? 'discrepancies' : 'clean';
  return {
    status, agency: report.agency, year: report.year, edition: imported ? report.edition : null, mapping: imported ? report.mapping : null,
    cleanedPath: cleanedPath ?? null, discrepancies: findings.map((f) => ({ ...f, message: renderMessage(f) })),
    ...(report.sheets ? { sheets: report.sheets } : {}),
  };
}

export function register(program: Command): void {
  pipelineOptions(program.command('import').argument('<file>', 'the submission').description("import one file now, whatever the ledger says; its result replaces the agency-year's unless a newer submission for it is known (X.duplicate)"))
    .option('--mapping <name>', 'use this mapping instead of the best-scoring one')
    .option('--agency <name>', 'the agency, when the title and file name do not say (wins over both)')
    .option('--year <n>', 'the report year, likewise', yearArg)
    .option('--json', 'print one JSON object on stdout')
    .addHelpText('after', '\nExit status: 0 clean (warnings and decided errors allowed), 2 open discrepancies of severity error, 3 rejected (PARSE.*), 1 failure (INTERNAL.error: nianbao\'s fault, not the file\'s).')
    .action(async (file: string, flags: PipelineFlags & { json?: boolean }) => {
      const config = toConfig({ ...flags, jobs: 1 });
      let result: { outcome: ParsedFile; entries: FileEntry[] } | undefined;
      const summary = await runPipeline({
        config,
        settings: toSettings(config, flags),
        command: 'import',
        files: [file],
        logger: logger(config.out),
        onOutcome: (outcome, entries) => (result = { outcome, entries }),
      });
      if (!result) throw new Error(`${file} was not imported`);
      const { outcome, entries } = result;
      // Each report's findings with the states operators' decisions give them.
      const store = Store.open(config.out);
      const found = store.runFindings(summary.runId).filter((f) => f.file === outcome.file);
      store.close();
      const reports = (outcome.reports ?? [outcome]).map((report, i) => resultOf(report, entries[i]?.cleanedPath, found));
      // A workbook of several reports: the worst of them is the file's status and exit status.
      const worst = WORST_FIRST.find((status) => reports.some((r) => r.status === status))!;
      if (flags.json) {
        const top = outcome.reports ? { status: worst, agency: null, year: null, edition: null, mapping: null, cleanedPath: null, discrepancies: reports.flatMap((r) => r.discrepancies) } : reports[0];
        process.stdout.write(JSON.stringify(outcome.reports ? { ...top, reports } : top) + '\n');
      } else {
        (outcome.reports ?? [outcome]).forEach((report, i) => {
          const { status, cleanedPath, discrepancies } = reports[i];
          const what = report.status === 'rejected' ? `rejected (${report.rule})` : status === 'failed' ? 'FAILED (INTERNAL.error: nianbao\'s fault, see the log)' : status;
          const sheets = report.sheets ? ` [${report.sheets.join('、')}]` : '';
          process.stdout.write(escapeTerminal(`${what}: ${report.agency ?? '?'} ${report.year ?? '?'}${sheets}${cleanedPath ? ` → ${cleanedPath}` : ''}`) + '\n');
          if (discrepancies.length) process.stdout.write(renderFindings(discrepancies));
        });
      }
      process.exitCode = worst === 'failed' ? EXIT.failure : worst === 'rejected' ? EXIT.rejected : worst === 'discrepancies' ? EXIT.discrepancies : EXIT.ok;
    });
}
