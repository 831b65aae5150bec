/**
 * Upgrading an output folder the previous version (the JSON state, before the store) wrote:
 * test/fixtures/legacy-out/state is what commit 42509f3's `nianbao run` left over
 * test/fixtures/legacy-out/inbox (two runs: the second added a resubmission, so history/
 * holds the first report). The built CLI's first run migrates it (src/store/legacy.ts),
 * evaluates every inbox file again, and ends where a fresh run over the same inbox ends;
 * the old files are under out/legacy/, and a second run changes nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { listFiles, logLines, readJson, removeDir, runCli, runSummary, snapshot, statuses, tempDir, withStore } from './helpers/cli';

const FIXTURE = path.resolve(__dirname, 'fixtures', 'legacy-out');
/** The inbox the fixture's ledger names. */
const FIXTURE_INBOX = '/tmp/leg/inbox/';
const AGENCY = '枣庄市市中区综合行政执法局';
const SEED = `seed_${AGENCY}2021年政府信息公开工作年度报告.xlsx`;
const SEED_V2 = `seed-v2_${AGENCY}2021年政府信息公开工作年度报告.xlsx`;

interface ReviewLine { key: string; rule: string; file?: string; agency: string | null; year: number | null }

const review = async (out: string): Promise<ReviewLine[]> => {
  const result = await runCli(['review', '--out', out, '--json']);
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as ReviewLine[];
};
const keysOf = (findings: ReviewLine[]): string[] => findings.map((f) => `${f.rule} ${f.key}`).sort();

/** The fixture's inbox and out/ under `root`, the ledger's paths and the files' mtimes as the old runs saw them. */
function legacySetup(root: string): { inbox: string; out: string; ledgerText: string } {
  const inbox = path.join(root, 'inbox');
  const out = path.join(root, 'out');
  fs.cpSync(path.join(FIXTURE, 'inbox'), inbox, { recursive: true });
  fs.cpSync(path.join(FIXTURE, 'state'), out, { recursive: true });
  const ledgerFile = path.join(out, 'ledger.json');
  const ledgerText = fs.readFileSync(ledgerFile, 'utf8').split(FIXTURE_INBOX).join(inbox + path.sep);
  fs.writeFileSync(ledgerFile, ledgerText);
  const ledger = JSON.parse(ledgerText) as { files: Record<string, { mtimeMs: number }> };
  for (const [file, entry] of Object.entries(ledger.files)) fs.utimesSync(file, entry.mtimeMs / 1000, entry.mtimeMs / 1000);
  return { inbox, out, ledgerText };
}

describe('an out/ of the previous version (JSON state) is migrated into the store', () => {
  const root = tempDir('nianbao-legacy-');
  afterAll(() => removeDir(root));
  const { inbox, out, ledgerText } = legacySetup(root);
  const fixtureState = snapshot(path.join(FIXTURE, 'state'));

  it('the first run migrates, evaluates every inbox file again and ends as a fresh run over the same inbox', async () => {
    const run = await runCli(['run', '--inbox', inbox, '--out', out]);
    expect(run.code).toBe(0);
    const migrated = logLines(run.stderr).find((l) => String(l.msg).startsWith("migrated the previous version's JSON state"));
    expect(migrated).toMatchObject({ current: 2, superseded: 1, ledger: 3, rejected: 1, unmatched: 0 });
    // Not taken for a store whose database is missing, nor its published files for changed ones.
    expect(logLines(run.stderr).filter((l) => /missing|damaged|written again/.test(String(l.msg)))).toEqual([]);

    // Every inbox file evaluated again (the fingerprint differs): none skipped.
    expect(statuses(runSummary(out))).toEqual({
      [`PARSE.unreadable_枣庄市市中区科学技术局2022年政府信息公开工作年度报告（传输中断）.xlsx`]: 'rejected',
      [`T3.balance_枣庄市市中区卫生健康局2022年政府信息公开工作年度报告.csv`]: 'imported',
      [SEED_V2]: 'imported',
      [SEED]: 'imported',
    });

    const fresh = path.join(root, 'fresh-out');
    expect((await runCli(['run', '--inbox', inbox, '--out', fresh])).code).toBe(0);
    const findings = await review(out);
    expect(findings.map((f) => f.rule)).toEqual(expect.arrayContaining(['T3.balance', 'PARSE.unreadable', 'X.duplicate']));
    expect(keysOf(findings)).toEqual(keysOf(await review(fresh)));

    // The cleaned reports are the current pipeline's, as a fresh run writes them (but for when).
    const withoutTime = (file: string) => ({ ...readJson(file), source: { ...readJson(file).source, importedAt: null } });
    const cleaned = listFiles(path.join(out, 'cleaned'));
    expect(cleaned).toEqual(listFiles(path.join(fresh, 'cleaned')));
    expect(cleaned).toHaveLength(2);
    for (const f of cleaned) expect(withoutTime(path.join(out, 'cleaned', f))).toEqual(withoutTime(path.join(fresh, 'cleaned', f)));
    expect(listFiles(path.join(out, 'quarantine'))).toEqual(listFiles(path.join(fresh, 'quarantine')));

    // The superseded report is a submission of its own, not current, superseded by the resubmission.
    const submissions = withStore(out, (s) => s.submissions({ agency: AGENCY, year: 2021 }));
    expect(submissions.map((s) => [s.file, s.current])).toEqual([[SEED_V2, true], [SEED, false]]);
    expect(submissions[1].supersededBy).toBe(submissions[0].id);
    expect(withStore(out, (s) => s.submissions()).length).toBe(withStore(fresh, (s) => s.submissions()).length);
  });

  it('the old files are under out/legacy/, as they were; what the store does not publish is gone from out/', () => {
    const moved = snapshot(path.join(out, 'legacy'));
    const history = Object.keys(fixtureState).filter((f) => f.startsWith('history/'));
    expect(history).toHaveLength(1);
    expect(Object.keys(moved).sort()).toEqual(['cross-findings.inputs.json', 'cross-findings.json', ...history, 'ledger.json'].sort());
    for (const f of history.concat('cross-findings.json', 'cross-findings.inputs.json')) expect(moved[f]).toBe(fixtureState[f]);
    expect(fs.readFileSync(path.join(out, 'legacy', 'ledger.json'), 'utf8')).toBe(ledgerText);
    for (const gone of ['ledger.json', 'cross-findings.json', 'cross-findings.inputs.json', 'history']) expect(fs.existsSync(path.join(out, gone))).toBe(false);
    // The old runs' files stay where they were.
    for (const f of Object.keys(fixtureState).filter((f) => /^runs\/\d/.test(f))) expect(fs.existsSync(path.join(out, f))).toBe(true);
  });

  it('a second run changes nothing and migrates nothing again', async () => {
    const published = (): Record<string, string> => Object.fromEntries(Object.entries(snapshot(out)).filter(([f]) => /^(cleaned|quarantine|legacy|originals)\//.test(f)));
    const before = published();
    const findingsBefore = keysOf(await review(out));
    const run = await runCli(['run', '--inbox', inbox, '--out', out]);
    expect(run.code).toBe(0);
    expect(logLines(run.stderr).some((l) => String(l.msg).includes('migrated'))).toBe(false);
    expect(new Set(Object.values(statuses(runSummary(out))))).toEqual(new Set(['skipped']));
    expect(runSummary(out).crossFile).toMatchObject({ new: 0, cleared: 0 });
    expect(published()).toEqual(before);
    expect(keysOf(await review(out))).toEqual(findingsBefore);
  });
});
