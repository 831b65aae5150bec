/**
 * Recovery of the store (issue 12.4, 12.9), end to end over real files: a database with
 * bytes overwritten in its middle, cut short, or deleted is named in the log, set aside and
 * rebuilt from the inbox, the kept originals and decisions.jsonl, to the state it held
 * (current and superseded submissions, files imported from outside the inbox, decisions);
 * published files deleted, cut short or edited are named and written again from the store;
 * a backup is taken after each run that changed something, the last seven kept; and an
 * X.duplicate warning goes once either file it names leaves the inbox.
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import * as XLSX from 'xlsx';
import { SEED } from '../scripts/layouts';
import { leftovers, listFiles, logLines, makeInbox, parseAllJson, readJson, removeDir, runCli, runSummary, runUnderFileLimit, seedAs, statuses, tempDir, withStore, workbookBytes, type CliResult } from './helpers/cli';
import { startDesk } from './helpers/desk';

const agency = (i: number): string => `枣庄市市中区第${i}测试局`;
/** The same report as seedAs(agency) gives, other bytes: a resubmission of it. */
const resubmitted = (name: string): Buffer => workbookBytes(seedAs(name), XLSX.utils.aoa_to_sheet([['修订'], [1]]));

/** What the store holds, as comparable data: submissions (current, superseded by which), the ledger, findings in force with their state. */
function state(out: string) {
  return withStore(out, (store) => {
    const shaOf = (id: number | null) => (id === null ? null : store.submission(id)!.sha256);
    return {
      submissions: store.submissions()
        .map((s) => ({ sha256: s.sha256, file: s.file, agency: s.agency, year: s.year, status: s.status, current: s.current, supersededBy: shaOf(s.supersededBy) }))
        .sort((a, b) => (a.sha256 + a.file < b.sha256 + b.file ? -1 : 1)),
      ledger: [...store.ledger().values()].map((e) => `${e.path} ${e.sha256} ${e.size} ${e.mtimeMs}`).sort(),
      findings: store.findings().map((f) => `${f.key} ${f.rule} ${f.state}`).sort(),
    };
  });
}

/** The cleaned reports by file, without the time of their import (a rebuild imports them again). */
function cleaned(out: string): Record<string, unknown> {
  const dir = path.join(out, 'cleaned');
  return Object.fromEntries(listFiles(dir).map((f) => {
    const report = readJson<{ source: { importedAt?: string } }>(path.join(dir, f));
    delete report.source.importedAt;
    return [f, report];
  }));
}

const errorsLogged = (result: CliResult) => logLines(result.stderr).filter((l) => (l.level as number) >= 50);

describe('a damaged or missing database is rebuilt to the state it held', () => {
  const root = tempDir('nianbao-recovery-');
  const inbox = path.join(root, 'inbox');
  const out = path.join(root, 'out');
  const elsewhere = path.join(root, 'elsewhere', 'd.xlsx');
  let before: ReturnType<typeof state>;
  let cleanedBefore: Record<string, unknown>;
  let decided: string;
  afterAll(() => removeDir(root));
  const run = () => runCli(['run', '--inbox', inbox, '--out', out, '--jobs', '1']);

  beforeAll(async () => {
    makeInbox(inbox, { 'a.xlsx': workbookBytes(seedAs(agency(1))), 'b.xlsx': workbookBytes(seedAs(agency(2))), 'c.xlsx': workbookBytes(seedAs(agency(3))), 'bad.xlsx': 'not a workbook' });
    expect((await run()).code).toBe(0);
    // a.xlsx resubmitted under its name (the first is superseded, kept only as an original),
    // c.xlsx gone from the inbox (its report stays), d.xlsx imported from outside the inbox.
    fs.writeFileSync(path.join(inbox, 'a.xlsx'), resubmitted(agency(1)));
    fs.utimesSync(path.join(inbox, 'a.xlsx'), new Date(), new Date(Date.now() + 60_000));
    fs.rmSync(path.join(inbox, 'c.xlsx'));
    makeInbox(path.dirname(elsewhere), { 'd.xlsx': workbookBytes(seedAs(agency(4))) });
    expect((await runCli(['import', elsewhere, '--out', out])).code).toBe(0);
    expect((await run()).code).toBe(0);
    decided = withStore(out, (store) => {
      const finding = store.findings({ agency: agency(2) })[0];
      store.decide({ key: finding.key, decision: 'explained', reason: '核实无误', by: 'test' });
      return finding.key;
    });
    before = state(out);
    cleanedBefore = cleaned(out);
    // What the rebuild must bring back, beyond the inbox: the superseded first a.xlsx, c.xlsx, d.xlsx with its ledger entry.
    expect(before.submissions.filter((s) => s.file === 'a.xlsx').map((s) => s.current).sort()).toEqual([false, true]);
    expect(before.submissions.some((s) => s.file === 'c.xlsx' && s.current)).toBe(true);
    expect(before.ledger.some((l) => l.startsWith(elsewhere))).toBe(true);
    expect(before.findings.some((f) => f.startsWith(`${decided} `) && f.endsWith(' explained'))).toBe(true);
  });

  /** The rerun after the damage: names the database, sets it aside, ends with the state and reports of before. */
  async function expectRebuilt(message: RegExp): Promise<Record<string, unknown>> {
    const rerun = await run();
    expect(rerun.code).toBe(0);
    const logged = errorsLogged(rerun).find((l) => message.test(String(l.msg)));
    expect(logged).toMatchObject({ database: path.join(out, 'nianbao.db') });
    if (logged!.movedTo) expect(fs.existsSync(String(logged!.movedTo))).toBe(true);
    expect(state(out)).toEqual(before);
    expect(cleaned(out)).toEqual(cleanedBefore);
    expect(leftovers(out)).toEqual([]);
    parseAllJson(out);
    expect(runSummary(out).files.map((f) => f.file)).toEqual(expect.arrayContaining(['a.xlsx', 'b.xlsx', 'bad.xlsx']));
    // Rebuilt once: the next run changes nothing.
    expect((await run()).code).toBe(0);
    expect(runSummary(out).counts).toMatchObject({ imported: 0, rejected: 0 });
    expect(state(out)).toEqual(before);
    return logged!;
  }

  it('bytes overwritten in the middle of out/nianbao.db', async () => {
    const db = path.join(out, 'nianbao.db');
    const size = fs.statSync(db).size;
    const fd = fs.openSync(db, 'r+');
    const middle = Math.floor(size / 2 / 4096) * 4096;
    fs.writeSync(fd, Buffer.alloc(8192, 0xa5), 0, 8192, middle);
    fs.closeSync(fd);
    await expectRebuilt(/the database was damaged/);
    expect(fs.readdirSync(out).filter((n) => n.startsWith('nianbao.db.damaged-'))).toHaveLength(1);
  });

  /** Overwrites page `page` (from 1) of out/nianbao.db with garbage, keeping the file's size and times to the nanosecond. */
  function damagePage(page: number): void {
    const db = path.join(out, 'nianbao.db');
    const times = path.join(root, 'times');
    fs.writeFileSync(times, '');
    execFileSync('touch', ['-r', db, times]);
    const before = fs.statSync(db);
    const fd = fs.openSync(db, 'r+');
    fs.writeSync(fd, Buffer.alloc(4096, 0xa5), 0, 4096, (page - 1) * 4096);
    fs.closeSync(fd);
    execFileSync('touch', ['-r', times, db]);
    const after = fs.statSync(db);
    expect([after.size, after.mtimeMs]).toEqual([before.size, before.mtimeMs]);
  }

  /** The first page of a table of out/nianbao.db, which is left as a clean close leaves it (no write-ahead log). */
  function rootPage(table: string): number {
    const file = path.join(out, 'nianbao.db');
    const db = new Database(file, { fileMustExist: true });
    try {
      expect(db.pragma('page_size', { simple: true })).toBe(4096);
      return (db.prepare('SELECT rootpage FROM sqlite_master WHERE name = ?').get(table) as { rootpage: number }).rootpage;
    } finally {
      db.close();
      expect(fs.existsSync(`${file}-wal`)).toBe(false);
    }
  }

  it('a page overwritten while the file keeps its size and modification time (a restore that keeps times)', async () => {
    damagePage(Math.floor(fs.statSync(path.join(out, 'nianbao.db')).size / 4096 / 2));
    await expectRebuilt(/the database was damaged/);
  });

  it('a page damaged with nothing else changed (a failing disk), met in the middle of a run', async () => {
    damagePage(rootPage('files'));
    // The disk changed the page and nothing nianbao could see: the note of the last close still describes the file.
    const db = path.join(out, 'nianbao.db');
    const note = `${db}.closed`;
    const stat = fs.statSync(db);
    const noted = readJson<Record<string, number>>(note);
    for (const key of Object.keys(noted)) noted[key] = stat[key as 'size'];
    fs.writeFileSync(note, JSON.stringify(noted));
    const setAside = () => fs.readdirSync(out).filter((n) => n.startsWith('nianbao.db.damaged-') && !/-(wal|shm)$/.test(n)).length;
    const earlier = setAside();
    // Met by a query of the run, not by the check at open.
    expect((await expectRebuilt(/the database was damaged/)).error).toMatch(/malformed/);
    expect(setAside()).toBe(earlier + 1);
  });

  it('out/nianbao.db cut short', async () => {
    const db = path.join(out, 'nianbao.db');
    fs.truncateSync(db, Math.floor(fs.statSync(db).size / 3));
    await expectRebuilt(/the database was damaged/);
  });

  it('out/nianbao.db deleted', async () => {
    fs.rmSync(path.join(out, 'nianbao.db'));
    await expectRebuilt(/the database was missing/);
  });

  it('deleted from a store an earlier version kept, a record file per original: the records are folded into kept.jsonl', async () => {
    const originals = path.join(out, 'originals');
    const log = path.join(originals, 'kept.jsonl');
    const records = fs.readFileSync(log, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as { sha256: string });
    expect(records.length).toBeGreaterThanOrEqual(5);
    for (const record of records) fs.writeFileSync(path.join(originals, `${record.sha256}.json`), JSON.stringify(record));
    fs.rmSync(log);
    fs.rmSync(path.join(out, 'nianbao.db'));
    await expectRebuilt(/the database was missing/);
    expect(fs.readdirSync(originals).filter((n) => n.endsWith('.json'))).toEqual([]);
    expect(fs.readFileSync(log, 'utf8').split('\n').filter(Boolean).map((line) => (JSON.parse(line) as { sha256: string }).sha256).sort()).toEqual(records.map((r) => r.sha256).sort());
  });

  it('deleted while kept.jsonl ends in a line a crash cut short: the whole lines rebuild it', async () => {
    fs.appendFileSync(path.join(out, 'originals', 'kept.jsonl'), '{"sha256":"0123');
    fs.rmSync(path.join(out, 'nianbao.db'));
    await expectRebuilt(/the database was missing/);
  });

  it('a database that can not be opened for another reason (a file-size limit) is left as it is and the command fails', async () => {
    const damagedBefore = fs.readdirSync(out).filter((n) => n.startsWith('nianbao.db.damaged-'));
    const limited = await runUnderFileLimit(16, ['run', '--inbox', inbox, '--out', out, '--jobs', '1', '--force']);
    expect(limited.code).toBe(1);
    expect(fs.readdirSync(out).filter((n) => n.startsWith('nianbao.db.damaged-'))).toEqual(damagedBefore);
    expect(state(out)).toEqual(before);
    expect((await run()).code).toBe(0);
    expect(state(out)).toEqual(before);
  });
});

describe('published files deleted, cut short or edited', () => {
  const root = tempDir('nianbao-published-');
  const inbox = path.join(root, 'inbox');
  const out = path.join(root, 'out');
  afterAll(() => removeDir(root));

  it('are named in the log and written again from the store', async () => {
    makeInbox(inbox, { 'a.xlsx': workbookBytes(seedAs(agency(1))), 'b.xlsx': workbookBytes(seedAs(agency(2))), 'c.xlsx': workbookBytes(seedAs(agency(3))), 'bad.xlsx': 'not a workbook' });
    expect((await runCli(['run', '--inbox', inbox, '--out', out])).code).toBe(0);
    const runId = runSummary(out).runId;
    const rel = (n: number) => path.join('cleaned', '2021', `${agency(n)}.json`);
    const quarantined = listFiles(path.join(out, 'quarantine')).map((f) => path.join('quarantine', f));
    const victims = [rel(1), rel(2), rel(3), ...quarantined, path.join('runs', runId, 'discrepancies.csv'), path.join('runs', runId, 'summary.json'), path.join('runs', 'latest.json')];
    const good = Object.fromEntries(victims.map((v) => [v, fs.readFileSync(path.join(out, v))]));

    fs.rmSync(path.join(out, rel(1)));
    fs.truncateSync(path.join(out, rel(2)), 100);
    const edited = fs.readFileSync(path.join(out, rel(3)), 'utf8').replace(agency(3), '篡改');
    fs.writeFileSync(path.join(out, rel(3)), edited);
    fs.writeFileSync(path.join(out, quarantined[0]), 'changed');
    fs.rmSync(path.join(out, quarantined[1]));
    fs.truncateSync(path.join(out, 'runs', runId, 'discrepancies.csv'), 10);
    fs.rmSync(path.join(out, 'runs', runId, 'summary.json'));
    fs.rmSync(path.join(out, 'runs', 'latest.json'));

    // A run of the store's own: nothing new in the inbox, a fresh check of what it published.
    const rerun = await runCli(['run', '--inbox', inbox, '--out', out]);
    expect(rerun.code).toBe(0);
    const restored = logLines(rerun.stderr).find((l) => l.msg === 'published files were missing or changed: written again from the store')!.restored as string[];
    expect([...restored].sort()).toEqual(victims.map((v) => v.split(path.sep).join('/')).sort());
    for (const v of victims) if (v !== path.join('runs', 'latest.json')) expect(fs.readFileSync(path.join(out, v))).toEqual(good[v]);
    expect(readJson(path.join(out, 'runs', 'latest.json')).runId).toBe(runSummary(out).runId);
    expect(leftovers(out)).toEqual([]);
  });
});

describe('backups', () => {
  const root = tempDir('nianbao-backup-');
  const inbox = path.join(root, 'inbox');
  const out = path.join(root, 'out');
  afterAll(() => removeDir(root));

  it('one after each run that changed the store, the last seven kept, each a whole database holding its run', async () => {
    makeInbox(inbox, {});
    const runIds: string[] = [];
    for (let i = 1; i <= 9; i++) {
      makeInbox(inbox, { [`f${i}.xlsx`]: workbookBytes(seedAs(agency(i))) });
      const result = await runCli(['run', '--inbox', inbox, '--out', out, '--jobs', '1']);
      expect(result.code).toBe(0);
      runIds.push(runSummary(out).runId);
    }
    // An unchanged run takes none.
    expect((await runCli(['run', '--inbox', inbox, '--out', out, '--jobs', '1'])).code).toBe(0);
    const backups = fs.readdirSync(path.join(out, 'backups')).sort();
    expect(backups).toEqual(runIds.slice(2).map((id) => `nianbao-${id}.db`));
    backups.forEach((name, i) => {
      const db = new Database(path.join(out, 'backups', name), { readonly: true, fileMustExist: true });
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(db.prepare('SELECT finished_at FROM runs WHERE id = ?').get(runIds[i + 2])).toEqual({ finished_at: expect.any(String) });
        expect((db.prepare('SELECT COUNT(*) AS n FROM submissions WHERE current = 1').get() as { n: number }).n).toBe(i + 3);
      } finally {
        db.close();
      }
    });
  });
});

describe('X.duplicate lasts only while both files are in the inbox', () => {
  const root = tempDir('nianbao-duplicate-');
  afterAll(() => removeDir(root));

  it.each([['the older copy', 'old.xlsx', 'new.xlsx'], ['the newer copy', 'new.xlsx', 'old.xlsx']])('deleting %s clears it', async (_what, gone, stays) => {
    const inbox = path.join(root, gone, 'inbox');
    const out = path.join(root, gone, 'out');
    makeInbox(inbox, { 'old.xlsx': workbookBytes(seedAs(agency(1))), 'new.xlsx': resubmitted(agency(1)) });
    fs.utimesSync(path.join(inbox, 'old.xlsx'), new Date(), new Date(Date.now() - 3_600_000));
    const run = () => runCli(['run', '--inbox', inbox, '--out', out]);
    expect((await run()).code).toBe(0);
    const duplicates = () => withStore(out, (store) => store.findings({ rule: 'X.duplicate' }));
    expect(duplicates()).toHaveLength(1);
    expect(duplicates()[0]).toMatchObject({ file: 'new.xlsx', params: expect.anything() });

    fs.rmSync(path.join(inbox, gone));
    expect((await run()).code).toBe(0);
    expect(runSummary(out).crossFile).toMatchObject({ cleared: 1 });
    expect(duplicates()).toEqual([]);
    const review = await runCli(['review', '--out', out, '--json']);
    expect(JSON.parse(review.stdout).some((f: { rule: string }) => f.rule === 'X.duplicate')).toBe(false);
    // The file that stays is in the ledger; the report in force is still there.
    expect(withStore(out, (store) => [...store.ledger().values()].map((e) => e.name))).toEqual([stays]);
    expect(fs.existsSync(path.join(out, 'cleaned', '2021', `${agency(1)}.json`))).toBe(true);
  });
});

describe('a file given to import from outside the inbox', () => {
  const root = tempDir('nianbao-outside-');
  afterAll(() => removeDir(root));

  it('is forgotten once deleted, clearing its X.duplicate; one still there is kept', async () => {
    const inbox = path.join(root, 'inbox');
    const elsewhere = path.join(root, 'elsewhere');
    const out = path.join(root, 'out');
    // Two agencies of the roster each have a resubmission in the inbox and an older copy
    // imported from elsewhere; a 2020 report, whose 2019 template raises no warning of its own.
    const [gone, stays] = ['枣庄市市中区财政局', '枣庄市市中区教育和体育局'];
    const report = (name: string) => ({ ...SEED, title: `${name}2020年政府信息公开工作年度报告` });
    const revision = XLSX.utils.aoa_to_sheet([['修订'], [1]]);
    makeInbox(inbox, { 'gone-new.xlsx': workbookBytes(report(gone), revision), 'stays-new.xlsx': workbookBytes(report(stays), revision) });
    makeInbox(elsewhere, { 'gone-old.xlsx': workbookBytes(report(gone)), 'stays-old.xlsx': workbookBytes(report(stays)) });
    for (const name of ['gone-old.xlsx', 'stays-old.xlsx']) fs.utimesSync(path.join(elsewhere, name), new Date(), new Date(Date.now() - 3_600_000));
    const run = () => runCli(['run', '--inbox', inbox, '--out', out]);
    expect((await run()).code).toBe(0);
    for (const name of ['gone-old.xlsx', 'stays-old.xlsx']) expect((await runCli(['import', path.join(elsewhere, name), '--out', out])).code).toBe(0);
    const duplicated = () => withStore(out, (store) => store.findings({ rule: 'X.duplicate' }).map((f) => f.agency).sort());
    const statusOf = async () => {
      const status = await runCli(['status', '--out', out, '--year', '2020', '--json']);
      expect(status.code).toBe(0);
      return Object.fromEntries((JSON.parse(status.stdout) as Array<{ agency: string; label: string }>).filter((e) => [gone, stays].includes(e.agency)).map((e) => [e.agency, e.label]));
    };
    expect((await run()).code).toBe(0);
    expect(duplicated()).toEqual([gone, stays].sort());
    expect(await statusOf()).toEqual({ [gone]: '待复核', [stays]: '待复核' });

    fs.rmSync(path.join(elsewhere, 'gone-old.xlsx'));
    expect((await run()).code).toBe(0);
    expect(runSummary(out).crossFile).toMatchObject({ cleared: 1 });
    expect(duplicated()).toEqual([stays]);
    expect(await statusOf()).toEqual({ [gone]: '已通过', [stays]: '待复核' });
    const ledger = () => withStore(out, (store) => [...store.ledger().keys()].sort());
    expect(ledger()).toEqual([path.join(elsewhere, 'stays-old.xlsx'), path.join(inbox, 'gone-new.xlsx'), path.join(inbox, 'stays-new.xlsx')].sort());

    // Rebuilt from the kept originals, the store ends as it was: the deleted file does not come back.
    const before = ledger();
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(path.join(out, `nianbao.db${suffix}`), { force: true });
    expect((await run()).code).toBe(0);
    expect(ledger()).toEqual(before);
    expect(duplicated()).toEqual([stays]);
  });
});

describe('a kept original cut short', () => {
  const root = tempDir('nianbao-original-');
  const inbox = path.join(root, 'inbox');
  const out = path.join(root, 'out');
  afterAll(() => removeDir(root));
  const sha256 = (bytes: Buffer) => crypto.createHash('sha256').update(bytes).digest('hex');
  const bytesA = workbookBytes(seedAs(agency(1)));
  const kept = path.join(out, 'originals', sha256(bytesA));
  const cutShort = () => fs.truncateSync(kept, Math.floor(bytesA.length / 2));

  beforeAll(async () => {
    makeInbox(inbox, { 'a.xlsx': bytesA, 'b.xlsx': workbookBytes(seedAs(agency(2))) });
    expect((await runCli(['run', '--inbox', inbox, '--out', out])).code).toBe(0);
    expect(sha256(fs.readFileSync(kept))).toBe(sha256(bytesA));
  });

  it('is kept again from the inbox when it is downloaded, given feedback on, or rebuilt from', async () => {
    const id = withStore(out, (store) => store.submissions({ agency: agency(1) })[0].id);
    const desk = await startDesk(['--out', out]);
    try {
      cutShort();
      const download = await fetch(`${desk.base}/original/${id}`);
      expect(download.status).toBe(200);
      expect(sha256(Buffer.from(await download.arrayBuffer()))).toBe(sha256(bytesA));
      expect(sha256(fs.readFileSync(kept))).toBe(sha256(bytesA));
    } finally {
      await desk.stop();
    }

    cutShort();
    expect((await runCli(['feedback', '--out', out, '--year', '2021', '--agency', agency(1)])).code).toBe(0);
    expect(sha256(fs.readFileSync(kept))).toBe(sha256(bytesA));

    cutShort();
    fs.rmSync(path.join(out, 'nianbao.db'));
    expect((await runCli(['run', '--inbox', inbox, '--out', out])).code).toBe(0);
    expect(sha256(fs.readFileSync(kept))).toBe(sha256(bytesA));
    expect(statuses(runSummary(out))).toMatchObject({ 'a.xlsx': 'imported' });
  });

  it('is named as lost, never used, when the inbox no longer has it', async () => {
    cutShort();
    fs.rmSync(path.join(inbox, 'a.xlsx'));
    const id = withStore(out, (store) => store.submissions({ agency: agency(1) })[0].id);
    const desk = await startDesk(['--out', out]);
    try {
      const download = await desk.get(`/original/${id}`);
      expect(download.status).not.toBe(200);
      expect(download.body).toContain('原件已损坏');
    } finally {
      await desk.stop();
    }

    // The workbook made before the damage was made from the whole original and is given as it was; one made now finds it lost.
    fs.rmSync(path.join(out, 'feedback'), { recursive: true, force: true });
    const feedback = await runCli(['feedback', '--out', out, '--year', '2021', '--agency', agency(1)]);
    expect(feedback.code).toBe(0);
    expect(feedback.stderr).toContain(`originals/${sha256(bytesA)}`);

    // A rebuild does not read the cut bytes as the department's file: it says the original is lost.
    fs.rmSync(path.join(out, 'nianbao.db'));
    expect((await runCli(['run', '--inbox', inbox, '--out', out])).code).toBe(0);
    expect(runSummary(out).files.find((f) => f.file === 'a.xlsx')).toMatchObject({ status: 'skipped', rule: 'ORIGINAL.lost' });
    expect(withStore(out, (store) => store.submissions({ agency: agency(1) }))).toEqual([]);
  });
});
