/**
 * The nightly job on the real node-cron scheduler: `nianbao schedule` as a child process
 * ticking every 2 seconds, and startNightly in-process to see a tick skipped while a run
 * is still going.
 */
import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { SEED } from '../scripts/layouts';
import { startNightly } from '../src/pipeline/nightly';
import { ConfigSchema } from '../src/config';
import { toSettings } from '../src/cli/options';
import { lockOutput } from '../src/store/lock';
import {
  ledgerPaths,
  ROOT, SEED_AGENCY, dropFile, kill, latestRunId, leftovers, logLines, makeInbox, removeDir, runSummary, slowWorkbooks, spawnCli, statuses, tempDir, waitFor, workbookBytes,
} from './helpers/cli';

describe('nianbao schedule (child process, every 2 s)', () => {
  const root = tempDir('nianbao-schedule-');
  const inbox = path.join(root, 'inbox');
  const out = path.join(root, 'out');
  afterAll(() => removeDir(root));

  it('imports a file dropped into the inbox on a following tick, then skips it while unchanged; SIGTERM exits 0', async () => {
    fs.mkdirSync(inbox);
    const job = spawnCli(['schedule', '--cron', '*/2 * * * * *', '--inbox', inbox, '--out', out, '--jobs', '1']);
    try {
      // A first tick over the empty inbox.
      await waitFor('a first run', () => fs.existsSync(path.join(out, 'runs', 'latest.json')));
      const cleaned = path.join(out, 'cleaned', '2021', `${SEED_AGENCY}.json`);
      expect(fs.existsSync(cleaned)).toBe(false);

      dropFile(path.join(inbox, 'seed.xlsx'), workbookBytes(SEED));
      await waitFor('the dropped file to be imported', () => fs.existsSync(cleaned), { timeoutMs: 15_000 });
      const importRun = await waitFor('the importing run to finish', () => {
        const summary = fs.existsSync(path.join(out, 'runs', 'latest.json')) && runSummary(out);
        return summary && statuses(summary)['seed.xlsx'] === 'imported' ? summary.runId : undefined;
      });

      const skipRun = await waitFor('a later run', () => (latestRunId(out) !== importRun ? latestRunId(out) : undefined), { timeoutMs: 15_000 });
      expect(statuses(runSummary(out, skipRun))).toEqual({ 'seed.xlsx': 'skipped' });
    } finally {
      await kill(job.child, 'SIGTERM');
    }
    const result = await job.done;
    expect(result.signal).toBeNull();
    expect(result.code).toBe(0);
    const messages = logLines(result.stderr).map((l) => l.msg);
    expect(messages[0]).toBe('schedule started');
    expect(messages).toContain('stopping after the file in hand');
    expect(messages[messages.length - 1]).toBe('schedule stopped');
    // Runs never overlap: each start is followed by its end before the next start.
    const runs = messages.filter((m) => m === 'run started' || m === 'run finished');
    expect(runs.length).toBeGreaterThanOrEqual(6);
    runs.forEach((m, i) => expect(m).toBe(i % 2 === 0 ? 'run started' : 'run finished'));
  });
});

describe('nianbao schedule stopped in the middle of a run', () => {
  const root = tempDir('nianbao-schedule-stop-');
  afterAll(() => removeDir(root));

  it('finishes the file in hand, writes the run\'s summary and exits 0; the rest wait for the next run', async () => {
    const inbox = makeInbox(path.join(root, 'inbox'), slowWorkbooks(20));
    const out = path.join(root, 'out');
    const job = spawnCli(['schedule', '--cron', '* * * * * *', '--inbox', inbox, '--out', out, '--jobs', '1']);
    await waitFor('a first file done', () => job.stderr.includes('"msg":"file done"'), { timeoutMs: 10_000, intervalMs: 5 });
    await kill(job.child, 'SIGTERM');
    const result = await job.done;
    expect(result.code).toBe(0);
    expect(logLines(result.stderr).pop()?.msg).toBe('schedule stopped');

    const summary = runSummary(out);
    expect(summary.interrupted).toBe(true);
    expect(summary.files).toHaveLength(20);
    const imported = summary.files.filter((f) => f.status === 'imported').map((f) => f.file);
    expect(imported.length).toBeGreaterThan(0);
    expect(imported.length).toBeLessThan(20);
    expect(summary.files.filter((f) => f.status !== 'imported').every((f) => f.status === 'skipped')).toBe(true);
    // Only what was done is in the ledger: the next run imports the rest.
    expect(ledgerPaths(out)).toEqual(imported.map((f) => path.join(inbox, f)).sort());
    expect(leftovers(out)).toEqual([]);
  });
});

describe('startNightly (in process, real node-cron)', () => {
  const root = tempDir('nianbao-nightly-');
  afterAll(() => removeDir(root));

  it('skips a tick while the previous run is still going, with a warning', async () => {
    const inbox = path.join(root, 'inbox');
    const out = path.join(root, 'out');
    fs.mkdirSync(inbox);
    fs.writeFileSync(path.join(inbox, 'seed.xlsx'), workbookBytes(SEED));
    const config = ConfigSchema.parse({ inbox, out, mappingsDir: path.join(ROOT, 'mappings'), jobs: 1, lockWaitSeconds: 30 });
    const settings = toSettings(config, {});
    const lines: Array<{ msg: string; level: number; runId?: string }> = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    const seen = (msg: string) => lines.some((l) => l.msg === msg);

    // The first tick's run is real but slowed: it waits for the output folder, which this test holds.
    let release: (() => Promise<void>) | null = await lockOutput(out, 'test', 0);
    const job = startNightly({ cron: '* * * * * *', timezone: 'Asia/Shanghai', logger, request: (stop) => ({ config, settings, command: 'run', logger, stop }) });
    try {
      await waitFor('a tick skipped for overlap', () => seen('previous run still going: this tick is skipped'), { timeoutMs: 5_000 });
      expect(seen('run started')).toBe(false);
      await release();
      release = null;
      await waitFor('the slowed run to finish', () => seen('run finished'), { timeoutMs: 5_000 });
    } finally {
      await release?.();
      await job.stop();
    }
    expect(lines[lines.length - 1].msg).toBe('schedule stopped');
    const runs = lines.filter((l) => l.msg === 'run started' || l.msg === 'run finished').map((l) => l.msg);
    runs.forEach((m, i) => expect(m).toBe(i % 2 === 0 ? 'run started' : 'run finished'));
    expect(runs[runs.length - 1]).toBe('run finished');
    expect(fs.existsSync(path.join(out, 'cleaned', '2021', `${SEED_AGENCY}.json`))).toBe(true);
  });
});

describe('nianbao schedule when a run fails', () => {
  const root = tempDir('nianbao-schedule-fail-');
  afterAll(() => removeDir(root));

  it('logs the failed run, releases the lock, and the next tick runs', async () => {
    const inbox = path.join(root, 'inbox'); // missing at first: each run fails to list it
    const out = path.join(root, 'out');
    const job = spawnCli(['schedule', '--cron', '* * * * * *', '--inbox', inbox, '--out', out, '--jobs', '1']);
    try {
      await waitFor('a failed run', () => job.stderr.includes('scheduled run failed'), { timeoutMs: 10_000 });
      expect(fs.existsSync(path.join(out, '.lock'))).toBe(false);
      makeInbox(inbox, { 'seed.xlsx': workbookBytes(SEED) });
      await waitFor('a run that imports', () => fs.existsSync(path.join(out, 'runs', 'latest.json')) && statuses(runSummary(out))['seed.xlsx'] === 'imported', { timeoutMs: 15_000 });
    } finally {
      await kill(job.child, 'SIGTERM');
    }
    const result = await job.done;
    expect(result.code).toBe(0);
    expect(logLines(result.stderr).pop()?.msg).toBe('schedule stopped');
    expect(fs.existsSync(path.join(out, '.lock'))).toBe(false);
    expect(leftovers(out)).toEqual([]);
  });
});
