import type { Command } from 'commander';
import { BUNDLED_MAPPINGS, loadMappings } from '../read/mappings';
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
      for (const bad of invalid) process.stdout.write(`invalid  ${bad.file}\n${bad.problems.map((p) => `         ${p}\n`).join('')}`);
      process.exitCode = invalid.length ? EXIT.failure : EXIT.ok;
    });
}
