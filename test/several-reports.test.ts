/**
 * A workbook of several reports (issue 19), through the built CLI: `import --json` prints one
 * object with a report per sheet, the store keeps each as its own submission and cleaned
 * report, a rerun gives the same, and a corrected file of one report leaves no stale row.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { SAMPLES, type Sample } from '../scripts/sample-set';
import { readJson, removeDir, runCli, tempDir, withStore } from './helpers/cli';

const sample = (prefix: string): Sample => SAMPLES.find((s) => s.file.startsWith(prefix))!;

interface ReportJson {
  status: string;
  agency: string | null;
  year: number | null;
  cleanedPath: string | null;
  sheets?: string[];
  discrepancies: Array<{ rule: string; key: string; sheet: string | null; message: string }>;
}

describe('a workbook of several reports', () => {
  const root = tempDir('nianbao-several-');
  afterAll(() => removeDir(root));

  it('imports a town\'s three reports as three agency-years, prints them under reports, and exits with the worst status', async () => {
    const town = sample('several-reports-town_');
    const file = path.join(root, town.file);
    fs.writeFileSync(file, town.bytes());
    const out = path.join(root, 'town-out');
    const once = await runCli(['import', file, '--out', out, '--json']);
    // The 派出所's T3.row-total: the worst of the three is discrepancies (exit 2).
    expect(once.code).toBe(2);
    const printed = JSON.parse(once.stdout) as ReportJson & { reports: ReportJson[] };
    expect(printed.status).toBe('discrepancies');
    expect(printed.reports.map((r) => [r.agency, r.year, r.sheets, r.status])).toEqual(town.reports!.map((r, i) => [r.agency, r.year, r.sheets, i === 2 ? 'discrepancies' : 'clean']));
    expect(printed.discrepancies.map((d) => d.rule)).toEqual(['T3.row-total', 'T3.row-total', 'T3.row-total']);
    expect(printed.reports[2].discrepancies[0].message).toContain('派出所!J21');
    // Each report is its own current submission and cleaned report, read from its own sheet.
    for (const [i, report] of printed.reports.entries()) {
      const cleaned = readJson<{ agency: string; source: { file: string; sheets: string[] }; applications: { received: { total: number } } }>(report.cleanedPath!);
      expect([cleaned.agency, cleaned.source.file, cleaned.source.sheets]).toEqual([town.reports![i].agency, town.file, town.reports![i].sheets]);
      expect(cleaned.applications.received.total).toBe(town.reports![i].values['applications.received.total']);
    }
    expect(withStore(out, (store) => store.submissions({ year: 2022 }).length)).toBe(3);

    const twice = await runCli(['import', file, '--out', out, '--json']);
    expect(twice.code).toBe(2);
    const again = JSON.parse(twice.stdout) as ReportJson & { reports: ReportJson[] };
    expect(again.reports.map((r) => r.discrepancies.map((d) => d.key))).toEqual(printed.reports.map((r) => r.discrepancies.map((d) => d.key)));
    expect(withStore(out, (store) => store.submissions({ year: 2022 }).length)).toBe(3);
  });

  it('files this year\'s report under this year even with last year\'s sheet first; a run keeps both, and a corrected file of one report drops the stale rows', async () => {
    const years = sample('several-reports-years_');
    const inbox = path.join(root, 'inbox');
    fs.mkdirSync(inbox);
    const file = path.join(inbox, years.file);
    fs.writeFileSync(file, years.bytes());
    const out = path.join(root, 'years-out');
    expect((await runCli(['run', '--inbox', inbox, '--out', out])).code).toBe(0);
    const agency = years.reports![0].agency;
    const current = () => withStore(out, (store) => store.submissions({ agency }).filter((s) => s.current).map((s) => s.year).sort());
    expect(current()).toEqual([2021, 2022]);
    // The ledger's rows of the file: one per report, by its sheet.
    const ledgerRows = () => {
      const db = new Database(path.join(out, 'nianbao.db'), { readonly: true });
      const sheets = db.prepare('SELECT sheet FROM files WHERE path = ? ORDER BY sheet').pluck().all(file);
      db.close();
      return sheets;
    };
    expect(ledgerRows()).toEqual(['2021年报', '2022年报']);

    // The department sends this year's report alone under the same name: one report, its row '' replaces the two.
    fs.writeFileSync(file, sample('clean-2021_').bytes());
    expect((await runCli(['run', '--inbox', inbox, '--out', out])).code).toBe(0);
    expect(ledgerRows()).toEqual(['']);
    expect(withStore(out, (store) => store.ledger().get(file)?.agency)).toBe('枣庄市市中区教育和体育局');
    // The reports it gave stay current, as a file gone from the inbox leaves them.
    expect(current()).toEqual([2021, 2022]);
  });

  it('rejects a workbook whose sheets can not be told apart, naming them', async () => {
    const unclear = sample('PARSE.several-reports_');
    const file = path.join(root, unclear.file);
    fs.writeFileSync(file, unclear.bytes());
    const result = await runCli(['import', file, '--out', path.join(root, 'unclear-out'), '--json']);
    expect(result.code).toBe(3);
    const printed = JSON.parse(result.stdout) as ReportJson & { reports?: ReportJson[] };
    expect(printed.status).toBe('rejected');
    expect(printed.reports).toBeUndefined();
    expect(printed.discrepancies[0].message).toMatch(/2021年报、2022年报.*依申请公开补充/);
  });
});
