import { Option, type Command } from 'commander';
import { BUNDLED_MAPPINGS } from '../read/mappings';
import { EXPORT_FORMATS, type ExportFormat } from '../views/export/formats';
import { outOption, yearArg } from './options';
import { agenciesOf, withStoreLocked } from './shared';

export function register(program: Command): void {
  outOption(program.command('export').description('write the wide and long tables for the warehouse and the 未提交名单 (out/exports/)'))
    .option('--year <n>', 'this report year only (default: every year, in out/exports/ itself)', yearArg)
    .addOption(new Option('--format <format>', 'file format').choices([...EXPORT_FORMATS]).default('csv'))
    .option('--mappings <dir>', 'folder of agencies.yaml, for the roster', BUNDLED_MAPPINGS)
    .action(async (flags: { out: string; year?: number; format: ExportFormat; mappings: string }) => {
      const agencies = agenciesOf(flags.mappings);
      // Loaded when the command runs: exceljs and the views cost a third of a second at start-up, which every other command would pay.
      const { writeExports } = await import('../views/export');
      const paths = await withStoreLocked(flags.out, 'export', (store) => writeExports(store, agencies, { year: flags.year, format: flags.format }));
      for (const file of paths) process.stdout.write(`${file}\n`);
    });
}
