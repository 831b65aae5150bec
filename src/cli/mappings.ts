import type { Command } from 'commander';
import { BUNDLED_MAPPINGS, loadAnomaly, loadMappings, SettingsError } from '../read/mappings';
import { EXIT } from './shared';

export function register(program: Command): void {
  const mappingsCommand = program.command('mappings').description('layout mappings');
  mappingsCommand
    .command('check')
    .description('validate every mapping file')
    .option('--mappings <dir>', 'folder of mappings', BUNDLED_MAPPINGS)
    .action((flags: { mappings: string }) => {
      const { mappings, invalid } = loadMappings(flags.mappings);
      for (const m of mappings) process.stdout.write(`ok       ${m.name} (edition ${m.edition}, ${m.tables.length} tables)\n`);
      const anomaly = anomalyProblems(flags.mappings);
      if (!anomaly) process.stdout.write('ok       anomaly.yaml (ANOMALY.* settings, defaults where absent)\n');
      for (const bad of [...invalid, ...(anomaly ? [anomaly] : [])]) process.stdout.write(`invalid  ${bad.file}\n${bad.problems.map((p) => `         ${p}\n`).join('')}`);
      process.exitCode = invalid.length || anomaly ? EXIT.failure : EXIT.ok;
    });
}

/** What is wrong with the folder's anomaly.yaml, or null when it is valid or absent. */
function anomalyProblems(dir: string): { file: string; problems: string[] } | null {
  try {
    loadAnomaly(dir);
    return null;
  } catch (e) {
    if (e instanceof SettingsError) return { file: e.file, problems: e.problems };
    throw e;
  }
}
