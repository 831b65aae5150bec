/**
 * Fault injection (issue 12): runs over a few dozen files killed with SIGKILL at random
 * points (after a random number of files, or a random time), or whose writes really fail part
 * way (the CLI under a random file-size limit, `ulimit -f`), many times over, with a seeded
 * random so a failure can be replayed. After each, the next run must exit 0 and end with the
 * store whole: every inbox file in its summary, no temporary file, every JSON parsing, the
 * current reports and findings those of a clean run over the same inbox, and the published
 * cleaned reports those of the database. The inbox grows between faults, so each one falls
 * on a store that already holds earlier results.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as XLSX from 'xlsx';
import {
  kill, leftovers, listFiles, logLines, makeInbox, parseAllJson, readJson, removeDir, runCli, runSummary, seedAs, slowWorkbooks, spawnCli, spawnUnderFileLimit, tempDir, withStore, workbookBytes, type CliProcess,
} from './helpers/cli';
import { seededRandom } from './helpers/random';

const seeded = seededRandom;

const SEED = Number(process.env.NIANBAO_FAULT_SEED ?? 20260212);
const ITERATIONS = 10;
const agencyOf = (i: number): string => `枣庄市市中区第${i}测试局`;

/** Kills the run once `files` "file done" lines were logged (or it ends first). */
function killAfterFiles(run: CliProcess, files: number): Promise<void> {
  return new Promise<void>((resolve) => {
    let done = 0;
    run.child.stderr!.on('data', (chunk: Buffer | string) => {
      done += String(chunk).split('\n').filter((l) => l.includes('"msg":"file done"')).length;
      if (done >= files) resolve();
    });
    void run.done.then(() => resolve());
  }).then(() => kill(run.child, 'SIGKILL'));
}

describe('runs killed or failing to write at random points', () => {
  const root = tempDir('nianbao-faults-');
  const all = path.join(root, 'all');
  const inbox = path.join(root, 'inbox');
  const out = path.join(root, 'out');
  /** Each agency's finding keys (and the rejected file's, under ''), from a clean run over every file. */
  const reference = new Map<string, string[]>();
  afterAll(() => removeDir(root));

  beforeAll(async () => {
    makeInbox(all, {
      ...slowWorkbooks(30),
      'bad.xlsx': 'not a workbook',
      // A resubmission of dept-03's report, newer (both in the first inbox): dept-03.xlsx superseded, an X.duplicate.
      'dept-03-修订.xlsx': workbookBytes(seedAs(agencyOf(3)), XLSX.utils.aoa_to_sheet([['修订'], [1]])),
    });
    const later = new Date(Date.now() + 60_000);
    fs.utimesSync(path.join(all, 'dept-03-修订.xlsx'), later, later);
    const refOut = path.join(root, 'reference');
    expect((await runCli(['run', '--inbox', all, '--out', refOut, '--jobs', '2'])).code).toBe(0);
    withStore(refOut, (store) => {
      for (const f of store.findings()) reference.set(f.agency ?? '', [...(reference.get(f.agency ?? '') ?? []), `${f.key} ${f.rule} ${f.agency} ${f.file}`]);
    });
  }, 60_000);

  /** Moves the next files of `all` into the inbox (kept with their mtimes). */
  const grow = (count: number) => {
    for (const name of fs.readdirSync(all).sort().slice(0, count)) fs.renameSync(path.join(all, name), path.join(inbox, name));
  };

  it(`leaves, after each fault, a next run that ends whole (seed ${SEED})`, async () => {
    const random = seeded(SEED);
    fs.mkdirSync(inbox);
    grow(10);
    expect((await runCli(['run', '--inbox', inbox, '--out', out, '--jobs', '2'])).code).toBe(0);
    const faults: string[] = [];
    const hits = { killed: 0, failedWrites: 0 };
    for (let i = 0; i < ITERATIONS; i++) {
      grow(3);
      const files = fs.readdirSync(inbox).length;
      const mode = random();
      const args = ['run', '--inbox', inbox, '--out', out, '--jobs', String(1 + Math.floor(random() * 2)), '--force'];
      let fault: string;
      if (mode < 0.4) {
        const after = Math.floor(random() * files);
        fault = `SIGKILL after ${after} of ${files} files`;
        const run = spawnCli(args);
        await killAfterFiles(run, after);
        if ((await run.done).signal === 'SIGKILL') hits.killed++;
      } else if (mode < 0.7) {
        const ms = Math.floor(200 + random() * 3000);
        fault = `SIGKILL after ${ms} ms`;
        const run = spawnCli(args);
        await Promise.race([new Promise((r) => setTimeout(r, ms)), run.done]);
        await kill(run.child, 'SIGKILL');
        if ((await run.done).signal === 'SIGKILL') hits.killed++;
      } else {
        const kib = Math.floor(64 + random() * 1536);
        fault = `writes past ${kib} KiB fail`;
        const limited = await spawnUnderFileLimit(kib, args).done;
        if (limited.code !== 0 || limited.stderr.includes('WRITE.failed')) hits.failedWrites++;
      }
      faults.push(fault);
      // A killed process's lock is stale only after 10 s without a refresh (lock.test.ts): aged here.
      const lock = path.join(out, '.lock');
      if (fs.existsSync(lock)) fs.utimesSync(lock, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));

      const rerun = await runCli(['run', '--inbox', inbox, '--out', out, '--jobs', '2']);
      const context = `iteration ${i} (${faults.join('; ')})`;
      if (rerun.code !== 0) throw new Error(`${context}: rerun exited ${rerun.code}: ${rerun.stderr.slice(-2000)}`);
      expect({ context, damaged: logLines(rerun.stderr).filter((l) => /database was (damaged|missing)/.test(String(l.msg))) }).toEqual({ context, damaged: [] });

      // Every inbox file accounted for; nothing temporary left; every JSON whole.
      const inboxNames = fs.readdirSync(inbox).sort();
      const summary = runSummary(out);
      expect({ context, files: summary.files.map((f) => f.file).sort() }).toEqual({ context, files: inboxNames });
      expect({ context, statuses: summary.files.filter((f) => !['imported', 'rejected', 'skipped'].includes(f.status) || f.rule === 'WRITE.failed' || f.rule === 'INTERNAL.error') }).toEqual({ context, statuses: [] });
      expect({ context, leftovers: leftovers(out) }).toEqual({ context, leftovers: [] });
      parseAllJson(out);

      // The store is the new whole state: the reports and findings of a clean run over this inbox.
      const agencies = new Set(inboxNames.filter((n) => n.startsWith('dept-')).map((n) => agencyOf(Number(n.slice(5, 7)))));
      const expectedKeys = [...reference.entries()].filter(([a]) => a === '' || agencies.has(a)).flatMap(([, keys]) => keys);
      const { keys, current, published } = withStore(out, (store) => ({
        keys: store.findings().map((f) => `${f.key} ${f.rule} ${f.agency} ${f.file}`),
        current: store.currentReports().map((r) => ({ file: path.relative(path.join(out, 'cleaned'), store.cleanedPath(r.year, r.agency)), report: r })),
        published: listFiles(path.join(out, 'cleaned')),
      }));
      expect({ context, keys: [...keys].sort() }).toEqual({ context, keys: [...expectedKeys].sort() });
      expect({ context, cleaned: published }).toEqual({ context, cleaned: [...agencies].map((a) => path.join('2021', `${a}.json`)).sort() });
      // The published reports are the database's.
      for (const c of current) expect({ context, file: c.file, report: readJson(path.join(out, 'cleaned', c.file)) }).toEqual({ context, file: c.file, report: c.report });
    }
    // The faults did strike: runs were killed, and writes failed.
    expect(hits.killed).toBeGreaterThan(0);
    expect(hits.failedWrites).toBeGreaterThan(0);
  }, 240_000);
});
