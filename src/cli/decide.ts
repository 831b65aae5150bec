/**
 * `nianbao decide KEY (--explained | --false-positive | --reopen) --reason TEXT --by NAME`:
 * an operator's decision on a finding in force, appended to out/decisions.jsonl by the store.
 */
import type { Command } from 'commander';
import { STATE_LABEL, type DecisionKind } from '../model/finding';
import { openExistingStore } from './shared';
import { UnknownFindingError } from '../store/api';
import { outOption, UsageError } from './options';

interface DecideFlags {
  out: string;
  explained?: boolean;
  falsePositive?: boolean;
  reopen?: boolean;
  reason?: string;
  by?: string;
}

/** Exactly one kind of decision, a reason and a name: checked here, before the store is opened. */
export function decisionOf(key: string, flags: DecideFlags): { key: string; decision: DecisionKind; reason: string; by: string } {
  const kinds = ([['explained', flags.explained], ['false-positive', flags.falsePositive], ['reopen', flags.reopen]] as const).filter(([, on]) => on).map(([k]) => k);
  if (kinds.length !== 1) throw new UsageError('give exactly one of --explained, --false-positive, --reopen');
  if (!/^[0-9a-f]{16}$/.test(key)) throw new UsageError(`KEY is the finding's 16 hex digits (see \`nianbao review --json\`), got "${key}"`);
  const reason = flags.reason?.trim() ?? '';
  const by = flags.by?.trim() ?? '';
  if (!reason) throw new UsageError('--reason is required: say why');
  if (!by) throw new UsageError('--by is required: the operator\'s name');
  return { key, decision: kinds[0], reason, by };
}

export function register(program: Command): void {
  outOption(program.command('decide').argument('<key>', "the finding's key").description("record an operator's decision on a finding in force"))
    .option('--explained', '核实无误: the figures are right as reported (say why in --reason)')
    .option('--false-positive', '误报: the rule misfires on this report')
    .option('--reopen', '重新打开: take a decision back')
    .option('--reason <text>', 'why (required)')
    .option('--by <name>', "the operator's name (required)")
    .addHelpText('after', '\nExit status: 0 recorded, 1 no finding in force has the key (or a usage error).')
    .action((key: string, flags: DecideFlags) => {
      const input = decisionOf(key, flags);
      const store = openExistingStore(flags.out);
      try {
        const decision = store.decide(input);
        const label = decision.decision === 'reopen' ? '重新打开' : STATE_LABEL[decision.decision];
        process.stdout.write(`${decision.key}: ${label} (${decision.by}, ${decision.at})\n`);
        const ignored = store.decisionLinesIgnored;
        if (ignored.length) process.stderr.write(`nianbao: warning: decisions.jsonl line ${ignored.join(', ')} is no decision (cut short by a crash?): kept in the file, not in force\n`);
      } catch (e) {
        if (!(e instanceof UnknownFindingError)) throw e;
        process.stderr.write(`nianbao: ${e.message}\n`);
        process.exitCode = 1;
      } finally {
        store.close();
      }
    });
}
