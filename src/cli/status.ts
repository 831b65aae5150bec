/** `nianbao status [--year N] [--json] [--out DIR]`: the roster with each agency's status for a year. */
import type { Command } from 'commander';
import { BUNDLED_MAPPINGS, loadAgencies } from '../read/mappings';
import { openExistingStore } from './shared';
import { rosterFor, STATUS_LABEL, todayInDistrict, type RosterEntry } from '../views/roster';
import { renderTable } from '../store/formats';
import { outOption, yearArg } from './options';

/** One roster entry as `status --json` prints it. */
export const statusJson = (e: RosterEntry) => ({
  agency: e.agency,
  aliases: e.aliases,
  regions: e.regions,
  onRoster: e.onRoster,
  year: e.year,
  deadline: e.deadline,
  status: e.status,
  label: STATUS_LABEL[e.status],
  latest: e.latest && { id: e.latest.id, file: e.latest.file, importedAt: e.latest.importedAt, status: e.latest.status, sha256: e.latest.sha256 },
  reason: e.reason,
  openErrors: e.openErrors,
  openWarnings: e.openWarnings,
  lapsed: e.lapsed,
});

export function renderStatus(entries: readonly RosterEntry[]): string {
  return renderTable(
    ['机关', '状态', '截止日期', '待处理错误', '待处理警告', '最新提交', '说明'],
    entries.map((e) => [e.agency, STATUS_LABEL[e.status], e.deadline, String(e.openErrors), String(e.openWarnings), e.latest?.file ?? '', e.reason ?? (e.lapsed ? `${e.lapsed} 项复核失效` : '')]),
  );
}

export function register(program: Command): void {
  outOption(program.command('status').description("the roster: each agency's status for the year (未提交, 逾期未提交, 已退回, 有错误, 待复核, 已通过)"))
    .option('--year <n>', 'the report year (default: the latest in the store)', yearArg)
    .option('--json', 'print a JSON array')
    .option('--mappings <dir>', 'folder of agencies.yaml (the roster)', BUNDLED_MAPPINGS)
    .action((flags: { out: string; year?: number; json?: boolean; mappings: string }) => {
      const store = openExistingStore(flags.out);
      try {
        const today = todayInDistrict();
        const year = flags.year ?? store.years().at(-1) ?? Number(today.slice(0, 4)) - 1;
        const entries = rosterFor(store, loadAgencies(flags.mappings), year, today);
        process.stdout.write(flags.json ? JSON.stringify(entries.map(statusJson), null, 2) + '\n' : `${year} 年\n${renderStatus(entries)}`);
      } finally {
        store.close();
      }
    });
}
