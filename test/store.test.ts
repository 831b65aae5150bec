/**
 * Findings that stay in force (the store): the built CLI over real inboxes. Keys survive an
 * unchanged rerun and a second import; a rename in agencies.yaml keeps one history; a fault
 * of nianbao's own is INTERNAL.error and is retried without --force; a new synonym in a
 * mapping reaches files whose bytes did not change.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { BUNDLED_MAPPINGS } from '../src/read/mappings';
import { SCHEMA_VERSION } from '../src/store/db';
import { ledgerPaths, logLines, removeDir, runCli, runSummary, statuses, tempDir, withStore } from './helpers/cli';

const SAMPLES = path.resolve(__dirname, '..', 'samples', 'inbox');
const BALANCE = fs.readdirSync(SAMPLES).find((f) => f.startsWith('T3.balance_'))!;
const HEALTH = '枣庄市市中区卫生健康局';

interface ReviewLine { key: string; rule: string; agency: string | null; year: number | null; state: string; cells: string[] }

const reviewJson = async (out: string, ...extra: string[]): Promise<ReviewLine[]> => {
  const result = await runCli(['review', '--out', out, '--json', ...extra]);
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as ReviewLine[];
};

const keysOf = (findings: ReviewLine[]) => findings.map((f) => `${f.rule} ${f.key}`).sort();

/** A copy of the bundled mappings folder, to change agencies.yaml or a mapping in a test. */
function mappingsCopy(root: string): string {
  const dir = path.join(root, 'mappings');
  fs.cpSync(BUNDLED_MAPPINGS, dir, { recursive: true });
  return dir;
}

describe('the store keeps findings in force', () => {
  const root = tempDir('nianbao-store-');
  afterAll(() => removeDir(root));

  it('after an unchanged second run, review --json lists the same findings with the same keys, and review --agency still shows them', async () => {
    const out = path.join(root, 'samples-out');
    expect((await runCli(['run', '--inbox', SAMPLES, '--out', out])).code).toBe(0);
    const first = await reviewJson(out);
    expect(first.filter((f) => f.state === 'open').length).toBeGreaterThan(10);
    expect(new Set(first.map((f) => f.key)).size).toBe(first.length);

    expect((await runCli(['run', '--inbox', SAMPLES, '--out', out])).code).toBe(0);
    expect(runSummary(out).counts.imported).toBe(0);
    const second = await reviewJson(out);
    expect(keysOf(second)).toEqual(keysOf(first));

    const health = await reviewJson(out, '--agency', HEALTH);
    expect(health.map((f) => f.rule)).toContain('T3.balance');
    const table = await runCli(['review', '--out', out, '--agency', HEALTH]);
    expect(table.stdout).toContain('T3.balance');
    expect(table.stdout).not.toContain('没有发现问题');
  });

  it('import --json of one file twice gives the same keys', async () => {
    const out = path.join(root, 'import-out');
    const once = await runCli(['import', path.join(SAMPLES, BALANCE), '--out', out, '--json']);
    const twice = await runCli(['import', path.join(SAMPLES, BALANCE), '--out', out, '--json']);
    expect(once.code).toBe(2);
    expect(twice.code).toBe(2);
    const keys = (stdout: string) => (JSON.parse(stdout) as { discrepancies: ReviewLine[] }).discrepancies.map((d) => d.key).sort();
    expect(keys(twice.stdout)).toEqual(keys(once.stdout));
    expect(keys(once.stdout).length).toBeGreaterThan(0);
  });

  it('a rename in agencies.yaml (the old name kept as an alias) keeps one history', async () => {
    const inbox = path.join(root, 'rename-inbox');
    const out = path.join(root, 'rename-out');
    const mappings = mappingsCopy(path.join(root, 'rename'));
    fs.mkdirSync(inbox);
    fs.copyFileSync(path.join(SAMPLES, BALANCE), path.join(inbox, BALANCE));
    const run = () => runCli(['run', '--inbox', inbox, '--out', out, '--mappings', mappings]);
    expect((await run()).code).toBe(0);

    const renamed = '枣庄市市中区卫生健康委员会';
    fs.appendFileSync(path.join(mappings, 'agencies.yaml'), `\n  - name: ${renamed}\n    aliases: [${HEALTH}]\n`);
    const result = await run();
    expect(result.code).toBe(0);
    // The new agencies.yaml is a new pipeline: the file is evaluated again and filed under the new name.
    expect(statuses(runSummary(out))).toEqual({ [BALANCE]: 'imported' });
    expect(fs.readdirSync(path.join(out, 'cleaned', '2022'))).toEqual([`${renamed}.json`]);
    for (const name of [renamed, HEALTH]) {
      const findings = await reviewJson(out, '--agency', name, '--mappings', mappings);
      expect(findings.map((f) => f.rule)).toContain('T3.balance');
      expect(new Set(findings.map((f) => f.agency))).toEqual(new Set([renamed]));
    }
    expect(withStore(out, (store) => store.submissions().map((s) => s.agency))).toEqual([renamed]);
  });

  it('a rule that throws gives INTERNAL.error, not the department\'s fault; the file imports once the fault is gone, without --force', async () => {
    const inbox = path.join(root, 'fault-inbox');
    const out = path.join(root, 'fault-out');
    fs.mkdirSync(inbox);
    fs.copyFileSync(path.join(SAMPLES, BALANCE), path.join(inbox, BALANCE));

    const faulty = await runCli(['run', '--inbox', inbox, '--out', out], { env: { NIANBAO_FAULT_RULE: 'T3.balance' } });
    expect(faulty.code).toBe(1);
    const summary = runSummary(out);
    expect(summary.counts).toMatchObject({ failed: 1, rejected: 0, imported: 0 });
    expect(summary.files[0]).toMatchObject({ status: 'failed', rule: 'INTERNAL.error' });
    const logged = logLines(faulty.stderr).find((l) => l.msg?.toString().includes('INTERNAL.error'));
    expect(logged).toMatchObject({ level: 50, stack: expect.stringContaining('injected fault in T3.balance') });
    // Not quarantined, not recorded as done.
    expect(fs.existsSync(path.join(out, 'quarantine'))).toBe(false);
    expect(ledgerPaths(out)).toEqual([]);

    const fixed = await runCli(['run', '--inbox', inbox, '--out', out]);
    expect(fixed.code).toBe(0);
    expect(statuses(runSummary(out))).toEqual({ [BALANCE]: 'imported' });
    expect((await reviewJson(out)).map((f) => f.rule)).toContain('T3.balance');

    const imported = await runCli(['import', path.join(inbox, BALANCE), '--out', out], { env: { NIANBAO_FAULT_RULE: 'T3.balance' } });
    expect(imported.code).toBe(1);
  });

  it('adding a synonym to a mapping makes the next run evaluate the files again', async () => {
    const inbox = path.join(root, 'synonym-inbox');
    const out = path.join(root, 'synonym-out');
    const mappings = mappingsCopy(path.join(root, 'synonym'));
    fs.mkdirSync(inbox);
    fs.copyFileSync(path.join(SAMPLES, BALANCE), path.join(inbox, BALANCE));
    const run = () => runCli(['run', '--inbox', inbox, '--out', out, '--mappings', mappings]);
    expect((await run()).code).toBe(0);
    expect((await run()).code).toBe(0);
    expect(statuses(runSummary(out))).toEqual({ [BALANCE]: 'skipped' });

    const file = path.join(mappings, 'gioa-2021.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('regulations: [规章]', 'regulations: [规章, 部门规章]'));
    expect(fs.readFileSync(file, 'utf8')).toContain('部门规章');
    expect((await run()).code).toBe(0);
    expect(statuses(runSummary(out))).toEqual({ [BALANCE]: 'imported' });
  });
});

describe('a database whose runs kept their summaries as text (schema 4)', () => {
  const root = tempDir('nianbao-packed-');
  afterAll(() => removeDir(root));

  it('is migrated: every summary deflated, read back and published as it was', async () => {
    const out = path.join(root, 'out');
    expect((await runCli(['run', '--inbox', SAMPLES, '--out', out])).code).toBe(0);
    expect((await runCli(['run', '--inbox', SAMPLES, '--out', out])).code).toBe(0);
    const runIds = fs.readdirSync(path.join(out, 'runs')).filter((name) => name !== 'latest.json').sort();
    const published = runIds.map((id) => fs.readFileSync(path.join(out, 'runs', id, 'summary.json'), 'utf8'));
    // As schema 4 kept them: the summary's text in the column.
    const db = new Database(path.join(out, 'nianbao.db'));
    const unpack = db.prepare('UPDATE runs SET summary = ? WHERE id = ?');
    runIds.forEach((id, i) => unpack.run(published[i], id));
    db.pragma('user_version = 4');
    db.close();

    fs.rmSync(path.join(out, 'runs', runIds[0], 'summary.json'));
    expect((await runCli(['run', '--inbox', SAMPLES, '--out', out])).code).toBe(0);
    const check = new Database(path.join(out, 'nianbao.db'), { readonly: true });
    expect(check.prepare("SELECT DISTINCT typeof(summary) FROM runs").pluck().all()).toEqual(['blob']);
    expect(check.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    check.close();
    expect(fs.readFileSync(path.join(out, 'runs', runIds[0], 'summary.json'), 'utf8')).toBe(published[0]);
    const latest = runSummary(out);
    expect(withStore(out, (store) => store.latestRun()?.summary)).toEqual(latest);
    expect(latest.counts).toMatchObject({ files: JSON.parse(published[1]).counts.files, skipped: JSON.parse(published[1]).counts.files });
  });
});
