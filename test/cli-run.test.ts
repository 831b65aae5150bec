/**
 * `nianbao run`, `import` and `review` end to end: the built CLI as a child process over a
 * real inbox, the way cron runs it. The steps build on each other (first run, rerun,
 * changed file, --force, import, review), so they share one output folder, in order.
 */
import fs from 'node:fs';
import path from 'node:path';
import { SEED } from '../scripts/layouts';
import {
  SEED_AGENCY, finishedRuns, listFiles, logLines, makeInbox, readJson, removeDir, runCli, runSummary, seedAs, snapshot, statuses, tempDir, withStore, workbookBytes,
} from './helpers/cli';

const OTHER_AGENCY = '枣庄市市中区市场监督管理局';
const SPACED = '2021年 报告 (终稿)【市中区政府办】.xlsx';
const JUNK_BYTES = 'this is not a spreadsheet, only its name says so\n';

describe('nianbao run / import / review', () => {
  const root = tempDir('nianbao-cli-');
  const inbox = path.join(root, 'inbox');
  const out = path.join(root, 'out');
  const cleaned = path.join(out, 'cleaned', '2021', `${SEED_AGENCY}.json`);
  const run = (...extra: string[]) => runCli(['run', '--inbox', inbox, '--out', out, '--jobs', '2', ...extra]);

  beforeAll(() => {
    makeInbox(inbox, { 'seed.xlsx': SEED, 'junk.xlsx': JUNK_BYTES, [SPACED]: seedAs(OTHER_AGENCY) });
  });
  afterAll(() => removeDir(root));

  let firstRunId = '';

  it('imports every file once, quarantines the junk with its reason, and leaves the inbox as it was', async () => {
    const before = snapshot(inbox);
    const result = await run();
    expect(result.stderr).not.toMatch(/^nianbao:/m);
    expect(result.code).toBe(0);
    expect(snapshot(inbox)).toEqual(before);

    const report = readJson(cleaned);
    expect(report).toMatchObject({ agency: SEED_AGENCY, year: 2021, edition: '2019', source: { file: 'seed.xlsx' } });
    expect(fs.existsSync(path.join(out, 'cleaned', '2021', `${OTHER_AGENCY}.json`))).toBe(true);

    const summary = runSummary(out);
    firstRunId = summary.runId;
    expect(statuses(summary)).toEqual({ 'seed.xlsx': 'imported', [SPACED]: 'imported', 'junk.xlsx': 'rejected' });
    expect(summary.counts).toMatchObject({ files: 3, imported: 2, rejected: 1, skipped: 0 });
    expect(result.stdout).toContain(`run ${summary.runId}: 3 files, 2 imported`);

    const quarantine = listFiles(path.join(out, 'quarantine'));
    const junk = quarantine.find((f) => f.endsWith('junk.xlsx'))!;
    expect(quarantine).toEqual([junk, `${junk}.reason.json`]);
    expect(fs.readFileSync(path.join(out, 'quarantine', junk), 'utf8')).toBe(JUNK_BYTES);
    expect(readJson(path.join(out, 'quarantine', `${junk}.reason.json`))).toMatchObject({ file: 'junk.xlsx', rule: expect.stringMatching(/^PARSE\./), reason: expect.any(String) });
  });

  it('points runs/latest.json at the run, writes the CSV with a BOM, and logs the run to out/logs/ with its id', () => {
    expect(readJson(path.join(out, 'runs', 'latest.json'))).toMatchObject({ runId: firstRunId });
    const csv = fs.readFileSync(path.join(out, 'runs', firstRunId, 'discrepancies.csv'));
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.toString('utf8')).toContain('T0.edition-superseded');

    const logs = listFiles(path.join(out, 'logs'));
    expect(logs.every((f) => /^\d{4}-\d{2}-\d{2}\.jsonl$/.test(f))).toBe(true);
    const lines = logs.flatMap((f) => logLines(fs.readFileSync(path.join(out, 'logs', f), 'utf8'))).filter((l) => l.runId === firstRunId);
    const messages = lines.map((l) => l.msg);
    expect(messages[0]).toBe('run started');
    expect(messages.filter((m) => m === 'file done')).toHaveLength(3);
    expect(messages[messages.length - 1]).toBe('run finished');
    expect(lines[lines.length - 1]).toMatchObject({ files: 3, imported: 2, rejected: 1, skipped: 0 });
  });

  it('skips every unchanged file on the next run', async () => {
    const result = await run();
    expect(result.code).toBe(0);
    const summary = runSummary(out);
    expect(summary.runId).not.toBe(firstRunId);
    expect(statuses(summary)).toEqual({ 'seed.xlsx': 'skipped', [SPACED]: 'skipped', 'junk.xlsx': 'skipped' });
    expect(withStore(out, (store) => store.submissions({ agency: SEED_AGENCY, year: 2021 }))).toHaveLength(1);
  });

  it('reimports a changed file and keeps the submission it replaces, superseded, with its original bytes', async () => {
    const old = readJson(cleaned);
    fs.writeFileSync(path.join(inbox, 'seed.xlsx'), workbookBytes({ ...SEED, values: { ...SEED.values, 'proactive.normativeDocs.totalPublished': 5 } }));
    const result = await run();
    expect(result.code).toBe(0);
    expect(statuses(runSummary(out))).toEqual({ 'seed.xlsx': 'imported', [SPACED]: 'skipped', 'junk.xlsx': 'skipped' });

    const now = readJson(cleaned);
    expect(now.proactive.normativeDocs.totalPublished).toBe(5);
    expect(now.source.sha256).not.toBe(old.source.sha256);
    const [current, replaced] = withStore(out, (store) => store.submissions({ agency: SEED_AGENCY, year: 2021 }));
    expect(current).toMatchObject({ sha256: now.source.sha256, current: true, supersededBy: null });
    expect(replaced).toMatchObject({ sha256: old.source.sha256, current: false, supersededBy: current.id });
    expect(withStore(out, (store) => store.original(old.source.sha256))).toEqual(workbookBytes(SEED));
  });

  it('reimports everything with --force', async () => {
    const result = await run('--force');
    expect(result.code).toBe(0);
    expect(statuses(runSummary(out))).toEqual({ 'seed.xlsx': 'imported', [SPACED]: 'imported', 'junk.xlsx': 'rejected' });
    // The same bytes again: evaluated again in place, not a new submission.
    expect(withStore(out, (store) => store.submissions({ agency: SEED_AGENCY, year: 2021 }))).toHaveLength(2);
  });

  it('review prints the findings in force as a table, with their states', async () => {
    const result = await runCli(['review', '--out', out]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^现存问题：\d+ 项/);
    expect(result.stdout).toMatch(/级别\s+状态\s+规则\s+机关/);
    expect(result.stdout).toContain('T0.edition-superseded');
    expect(result.stdout).toContain(SEED_AGENCY);
  });

  let decided = '';

  it('decide records an operator\'s decision on a finding in force; review shows its state', async () => {
    const findings = JSON.parse((await runCli(['review', '--out', out, '--json', '--agency', SEED_AGENCY, '--rule', 'T0.edition-superseded'])).stdout) as Array<{ key: string; state: string }>;
    expect(findings).toHaveLength(1);
    decided = findings[0].key;
    const result = await runCli(['decide', decided, '--explained', '--reason', '该局沿用旧模板，已电话告知', '--by', '张三', '--out', out]);
    expect(result.code).toBe(0);
    const after = JSON.parse((await runCli(['review', '--out', out, '--json', '--rule', 'T0.edition-superseded'])).stdout) as Array<{ key: string; state: string }>;
    expect(after.find((f) => f.key === decided)?.state).toBe('explained');
  });

  it('import --json prints the result object and exits 0 for the seed; its run\'s summary, JSONL and CSV show the decided state', async () => {
    const result = await runCli(['import', path.join(inbox, 'seed.xlsx'), '--out', out, '--json']);
    expect(result.code).toBe(0);
    const summary = runSummary(out);
    expect(summary.states.explained).toBe(1);
    const lines = fs.readFileSync(path.join(out, 'runs', summary.runId, 'discrepancies.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { key: string; state: string });
    expect(lines.find((l) => l.key === decided)?.state).toBe('explained');
    expect(fs.readFileSync(path.join(out, 'runs', summary.runId, 'discrepancies.csv'), 'utf8')).toContain('核实无误');
    const printed = JSON.parse(result.stdout);
    expect(printed).toMatchObject({ status: 'clean', agency: SEED_AGENCY, year: 2021, edition: '2019', mapping: 'gioa-2019' });
    expect(path.resolve(printed.cleanedPath)).toBe(cleaned);
    expect(printed.discrepancies).toContainEqual(expect.objectContaining({ rule: 'T0.edition-superseded', severity: 'warning', cells: expect.any(Array), message: expect.any(String) }));
    for (const d of printed.discrepancies) expect(Object.keys(d)).toEqual(expect.arrayContaining(['rule', 'severity', 'sheet', 'cells', 'expected', 'actual', 'message']));
  });

  it('import --json exits 3 for a file it rejects', async () => {
    const result = await runCli(['import', path.join(inbox, 'junk.xlsx'), '--out', out, '--json']);
    expect(result.code).toBe(3);
    const printed = JSON.parse(result.stdout);
    expect(printed).toMatchObject({ status: 'rejected', edition: null, mapping: null, cleanedPath: null });
    expect(printed.discrepancies[0].rule).toMatch(/^PARSE\./);
  });

  it('an import updates the ledger: the next run skips the files it imported', async () => {
    const result = await run();
    expect(result.code).toBe(0);
    expect(statuses(runSummary(out))).toEqual({ 'seed.xlsx': 'skipped', [SPACED]: 'skipped', 'junk.xlsx': 'skipped' });
    // Every run and import so far left a finished run folder; none left a partial one.
    expect(finishedRuns(out)).toHaveLength(7);
    expect(fs.readdirSync(path.join(out, 'runs')).filter((n) => n.includes('.partial'))).toEqual([]);
  });

  it('a run that cannot run exits 1 and says why in one line', async () => {
    const result = await runCli(['run', '--inbox', path.join(root, 'no-such-inbox'), '--out', out]);
    expect(result.code).toBe(1);
    const said = result.stderr.split('\n').filter((l) => l && !l.startsWith('{'));
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(/^nianbao: .*no-such-inbox/);
    // The detail (the stack) is in the log, with the run's id.
    const failed = logLines(result.stderr).find((l) => l.msg === 'run failed');
    expect(failed).toMatchObject({ level: 50, runId: expect.any(String), err: { stack: expect.stringContaining('no-such-inbox') } });
  });
});
