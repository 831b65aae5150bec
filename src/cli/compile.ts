import type { Command } from 'commander';
import { BUNDLED_MAPPINGS } from '../read/mappings';
import { outOption, UsageError, yearArg } from './options';
import { agenciesOf, withStoreLocked } from './shared';

export function register(program: Command): void {
  outOption(program.command('compile').description("compile a region's report from its members' figures (out/compiled/<year>/<region>.xlsx and .json)"))
    .requiredOption('--region <name>', 'the region (an agency of agencies.yaml with members; any of its names)')
    .requiredOption('--year <n>', 'the report year', yearArg)
    .option('--mappings <dir>', 'folder of agencies.yaml', BUNDLED_MAPPINGS)
    .action(async (flags: { out: string; region: string; year: number; mappings: string }) => {
      const agencies = agenciesOf(flags.mappings);
      // Loaded when the command runs: exceljs and the views cost a third of a second at start-up, which every other command would pay.
      const { UnknownRegionError, writeCompiled } = await import('../views/compile');
      const { compiled, paths } = await withStoreLocked(flags.out, 'compile', (store) => writeCompiled(store, agencies, flags.region, flags.year))
        .catch((e: unknown) => {
          throw e instanceof UnknownRegionError ? new UsageError(e.message) : e;
        });
      const members = compiled.included.length + compiled.missing.length;
      const withErrors = compiled.included.filter((m) => m.openErrors > 0).map((m) => m.agency);
      process.stdout.write(
        `${paths.xlsx}\n${paths.json}\n`
        + `compiled ${compiled.region} ${compiled.year}: ${compiled.included.length} of ${members} members`
        + `${compiled.missing.length ? `; missing: ${compiled.missing.map((m) => m.agency).join(', ')}` : ''}`
        + `${withErrors.length ? `; with open errors: ${withErrors.join(', ')}` : ''}; ${compiled.findings.length} findings on the compiled report\n`,
      );
    });
}
