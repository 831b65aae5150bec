import type { Command } from 'commander';
import { BUNDLED_MAPPINGS } from '../read/mappings';
import { outOption, yearArg } from './options';
import { agenciesOf, resolveAgency, withStoreLocked } from './shared';

export function register(program: Command): void {
  outOption(program.command('feedback').description('write the annotated workbook back to each department with open findings (out/feedback/<year>/<agency>.xlsx)'))
    .option('--year <n>', 'this report year only', yearArg)
    .option('--agency <name>', 'this agency only (any of its names)')
    .option('--mappings <dir>', 'folder of agencies.yaml, for aliases', BUNDLED_MAPPINGS)
    .action(async (flags: { out: string; year?: number; agency?: string; mappings: string }) => {
      // Loaded when the command runs: exceljs and the views cost a third of a second at start-up, which every other command would pay.
      const { writeFeedback } = await import('../views/feedback');
      const result = await withStoreLocked(flags.out, 'feedback', (store) =>
        writeFeedback(store, { year: flags.year, agency: flags.agency && resolveAgency(store, agenciesOf(flags.mappings), flags.agency) }));
      for (const file of result.written) process.stdout.write(`${file}\n`);
      for (const file of result.kept) process.stdout.write(`${file} (unchanged)\n`);
      for (const r of result.removed) process.stdout.write(`removed (nothing open): ${r.agency} ${r.year}\n`);
      for (const message of result.lost) process.stderr.write(`nianbao: warning: ${message}: its workbook lists the findings without the department's tables\n`);
      process.stdout.write(`feedback: ${result.written.length} workbooks written, ${result.kept.length} unchanged, ${result.removed.length} removed\n`);
    });
}
