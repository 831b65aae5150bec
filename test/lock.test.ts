/**
 * One writer at a time on an output folder, between real processes: two runs started at
 * once, a run that finds the folder held, and a lock left behind by a killed process.
 */
import fs from 'node:fs';
import path from 'node:path';
import { SEED } from '../scripts/layouts';
import {
  ledgerPaths,
  finishedRuns, holdLock, kill, listFiles, logLines, makeInbox, parseAllJson, removeDir, runCli, runSummary, seedAs, statuses, tempDir,
} from './helpers/cli';

describe('the output folder lock', () => {
  const root = tempDir('nianbao-lock-');
  const inbox = path.join(root, 'inbox');
  afterAll(() => removeDir(root));

  beforeAll(() => {
    const files: Record<string, typeof SEED | string> = { 'seed.xlsx': SEED, 'junk.xlsx': 'not a workbook' };
    for (let i = 1; i <= 8; i++) files[`dept-${i}.xlsx`] = seedAs(`枣庄市市中区第${i}测试局`);
    makeInbox(inbox, files);
  });

  it('two runs started at once both exit 0 and leave consistent output', async () => {
    const out = path.join(root, 'out-concurrent');
    const args = ['run', '--inbox', inbox, '--out', out, '--jobs', '1'];
    const [a, b] = await Promise.all([runCli(args), runCli(args)]);
    expect([a.code, b.code, a.stderr.match(/^nianbao:.*/m), b.stderr.match(/^nianbao:.*/m)]).toEqual([0, 0, null, null]);

    const runs = finishedRuns(out);
    expect(runs).toHaveLength(2);
    // One run imported everything; the other, which waited for the lock, found nothing new.
    const summaries = runs.map((id) => runSummary(out, id));
    const counts = summaries.map((s) => s.counts).sort((x, y) => x.skipped - y.skipped);
    expect(counts[0]).toMatchObject({ files: 10, imported: 9, rejected: 1, skipped: 0 });
    expect(counts[1]).toMatchObject({ files: 10, skipped: 10 });
    // And they did not interleave: the second started after the first finished.
    const [first, second] = summaries.sort((x, y) => x.startedAt.localeCompare(y.startedAt));
    expect(Date.parse(second.startedAt)).toBeGreaterThanOrEqual(Date.parse(first.finishedAt));

    expect(listFiles(path.join(out, 'cleaned', '2021'))).toHaveLength(9);
    expect(parseAllJson(out)).toBeGreaterThan(9);
    expect(ledgerPaths(out)).toHaveLength(10);
    expect(fs.readdirSync(path.join(out, 'runs')).filter((n) => n.endsWith('.partial'))).toEqual([]);
    expect(fs.existsSync(path.join(out, '.lock'))).toBe(false);
    expect(fs.existsSync(path.join(out, '.lock-owner.json'))).toBe(false);
  });

  it('a run that finds the folder held gives up after --lock-wait, naming the holder; a lock left by a killed holder is taken over', async () => {
    const out = path.join(root, 'out-held');
    const holder = await holdLock(out);
    try {
      const busy = await runCli(['run', '--inbox', inbox, '--out', out, '--lock-wait', '1']);
      expect(busy.code).toBe(1);
      expect(busy.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(new RegExp(`^nianbao: output folder .* is locked by pid ${holder.pid} \\(holder, since .*\\); waited 1s$`))]);
      expect(busy.ms).toBeGreaterThanOrEqual(1000);
      expect(fs.existsSync(path.join(out, 'runs'))).toBe(false);

      // The holder dies without releasing: its lock goes stale (10 s without a refresh) and the next run takes it over.
      await kill(holder, 'SIGKILL');
      expect(fs.existsSync(path.join(out, '.lock'))).toBe(true);
      const run = await runCli(['run', '--inbox', inbox, '--out', out, '--jobs', '2']);
      expect(run.code).toBe(0);
      expect(statuses(runSummary(out))).toMatchObject({ 'seed.xlsx': 'imported', 'junk.xlsx': 'rejected' });
      expect(logLines(run.stderr).map((l) => l.msg)).toContain('run finished');
      expect(fs.existsSync(path.join(out, '.lock'))).toBe(false);
    } finally {
      await kill(holder, 'SIGKILL');
    }
  }, 30_000);
});
