/**
 * Crash safety: a run killed with SIGKILL mid-way, then rerun. The rerun must finish, leave
 * no partial run folder or temporary file, only parseable outputs, and account for every
 * inbox file, with every file's findings in a finished run's log.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Finding } from '../src/model/finding';
import {
  finishedRuns, kill, ledgerPaths, leftovers, listFiles, logLines, makeInbox, parseAllJson, removeDir, runCli, runSummary, slowWorkbooks, spawnCli, tempDir, withStore,
} from './helpers/cli';

const FILES = 60;
/** Files imported by a run that finishes before the one that is killed. */
const BEFORE = 10;
/** Late in the killed run: most of its files are written when it dies (its unchanged files log no line at info level). */
const KILL_AFTER = 42;

describe('a run killed with SIGKILL, then rerun', () => {
  const root = tempDir('nianbao-crash-');
  const inbox = path.join(root, 'inbox');
  const out = path.join(root, 'out');
  afterAll(() => removeDir(root));

  beforeAll(() => {
    makeInbox(path.join(root, 'all'), { 'junk-00.xlsx': 'not a workbook', ...slowWorkbooks(FILES - 1) });
  });

  it('leaves complete, parseable outputs and accounts for every file', async () => {
    const names = fs.readdirSync(path.join(root, 'all')).sort();
    fs.mkdirSync(inbox);
    const move = (some: string[]) => some.forEach((n) => fs.renameSync(path.join(root, 'all', n), path.join(inbox, n)));

    // A finished run over the first files: they are in the ledger before the kill.
    move(names.slice(0, BEFORE));
    expect((await runCli(['run', '--inbox', inbox, '--out', out])).code).toBe(0);
    move(names.slice(BEFORE));

    // The run to kill: one worker, killed once KILL_AFTER files are done (and cleaned JSON exists).
    const doomed = spawnCli(['run', '--inbox', inbox, '--out', out, '--jobs', '1']);
    await new Promise<void>((resolve) => {
      let done = 0;
      doomed.child.stderr!.on('data', (chunk: Buffer | string) => {
        done += String(chunk).split('\n').filter((l) => l.includes('"msg":"file done"')).length;
        if (done >= KILL_AFTER) resolve();
      });
      void doomed.done.then(() => resolve());
    });
    await kill(doomed.child, 'SIGKILL');
    expect((await doomed.done).signal).toBe('SIGKILL');

    // It was killed mid-way: it has no summary, and it is not the latest run; each file it
    // finished is in the store (one transaction each) and published.
    const runs = path.join(out, 'runs');
    expect(finishedRuns(out)).toHaveLength(1);
    expect(listFiles(path.join(out, 'cleaned', '2021')).length).toBeGreaterThan(BEFORE);
    const ledgerAtKill = ledgerPaths(out);
    expect(ledgerAtKill.length).toBeGreaterThan(BEFORE);
    // A temporary file such as a kill in the middle of a write leaves behind.
    fs.writeFileSync(path.join(out, 'runs', 'latest.json.2873461'), '{"runId":"20');

    // The killed process's lock is stale only after 10 s without a refresh (lock.test.ts waits
    // for that for real); here the lock is aged instead, to keep the test short.
    const aged = new Date(Date.now() - 60_000);
    fs.utimesSync(path.join(out, '.lock'), aged, aged);

    const rerun = await runCli(['run', '--inbox', inbox, '--out', out, '--jobs', '2']);
    expect(rerun.code).toBe(0);
    expect(logLines(rerun.stderr).find((l) => l.msg === 'cleaned up after an interrupted run')).toBeDefined();

    // No partial folder, no temporary file; every JSON output parses; the lock is gone.
    expect(leftovers(out)).toEqual([]);
    expect(parseAllJson(out)).toBeGreaterThan(FILES);
    expect(fs.existsSync(path.join(out, '.lock'))).toBe(false);
    expect(listFiles(path.join(out, 'cleaned', '2021'))).toHaveLength(FILES - 1);
    expect(fs.readdirSync(path.join(out, 'quarantine'))).toHaveLength(2);

    // The rerun's summary accounts for every inbox file; what it skipped was in the ledger before.
    const summary = runSummary(out);
    expect(summary.files.map((f) => f.file).sort()).toEqual(names);
    for (const f of summary.files) {
      expect(['imported', 'rejected', 'skipped']).toContain(f.status);
      if (f.status === 'skipped') expect(ledgerAtKill).toContain(path.join(inbox, f.file));
    }
    expect(summary.counts.skipped).toBeGreaterThanOrEqual(BEFORE);

    // The audit trail holds: the ledger holds every file, the killed run was closed as
    // interrupted, and every file's findings (each of these reports has at least the T0
    // warning) are in a finished run's log.
    expect(ledgerPaths(out)).toEqual(names.map((n) => path.join(inbox, n)).sort());
    const finished = new Set(finishedRuns(out));
    expect(finished.size).toBe(3);
    expect(withStore(out, (store) => store.runs().every((r) => r.finishedAt !== null))).toBe(true);
    const logged = new Set(
      [...finished].flatMap((id) =>
        fs.readFileSync(path.join(runs, id, 'discrepancies.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as Finding).file),
      ),
    );
    expect(names.filter((n) => !logged.has(n))).toEqual([]);
  });
});
