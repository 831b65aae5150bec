/**
 * The order a power cut needs (issue 21, point 8; issue 22, point 2), seen in the system
 * calls of a real run under strace: every kept original and its record are fsynced, and so
 * is the folder that names them, before the database's write-ahead log receives a page that
 * names the original (its sha256). Whether a batch's fsyncs overlap depends on how the
 * parser's timing cuts the batches, so it is measured (docs/performance.md), not asserted.
 * Under CI strace must be there (.ci/run installs it); elsewhere the test is skipped without it.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { CLI, makeInbox, removeDir, seedAs, tempDir, workbookBytes } from './helpers/cli';

const strace = spawnSync('strace', ['-V']).status === 0;
const maybe = strace || process.env.CI ? describe : describe.skip;

interface Call {
  /** Index of the line where the call completed (a call strace split is complete at its "resumed" line). */
  done: number;
  /** Index of the line where it started. */
  started: number;
  name: string;
  /** The path of its file descriptor (strace -y). */
  target: string;
  line: string;
}

/** strace -f -y lines as calls, in the order they started and completed. */
function calls(log: string): Call[] {
  const lines = log.split('\n');
  const open = new Map<string, { started: number; head: string }>();
  const result: Call[] = [];
  lines.forEach((line, i) => {
    const unfinished = /^(\d+)\s+(\w+)\((.*)<unfinished \.\.\.>$/.exec(line);
    if (unfinished) {
      open.set(`${unfinished[1]} ${unfinished[2]}`, { started: i, head: line });
      return;
    }
    const resumed = /^(\d+)\s+<\.\.\. (\w+) resumed>/.exec(line);
    const whole = /^(\d+)\s+(\w+)\(/.exec(line);
    const [pid, name] = resumed ? [resumed[1], resumed[2]] : whole ? [whole[1], whole[2]] : [];
    if (!pid) return;
    const begun = resumed ? open.get(`${pid} ${name}`) : undefined;
    if (resumed) open.delete(`${pid} ${name}`);
    const head = begun?.head ?? line;
    const target = /\(\d+<([^>]*)>/.exec(head)?.[1] ?? '';
    result.push({ done: i, started: begun?.started ?? i, name: name!, target, line: head });
  });
  return result;
}

maybe('durability order under strace', () => {
  const dir = tempDir('nianbao-durability-');
  const inbox = path.join(dir, 'inbox');
  const out = path.join(dir, 'out');
  const log = path.join(dir, 'strace.log');
  afterAll(() => removeDir(dir));

  test('originals, their records (kept.jsonl) and their folder are on disk before the log page that names them', () => {
    makeInbox(inbox, Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`dept-${i}.xlsx`, workbookBytes(seedAs(`枣庄市市中区第${i + 1}测试局`))])));
    const run = spawnSync('strace', ['-f', '-qq', '-y', '-s', '100000', '-e', 'trace=fsync,fdatasync,pwrite64', '-o', log, process.execPath, CLI, 'run', '--inbox', inbox, '--out', out, '--jobs', '1'], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    const all = calls(fs.readFileSync(log, 'utf8'));
    const originals = path.join(out, 'originals');
    const shas = fs.readdirSync(originals).filter((n) => /^[0-9a-f]{64}$/.test(n));
    expect(shas).toHaveLength(6);
    const fsyncs = all.filter((c) => c.name === 'fsync' || c.name === 'fdatasync');
    for (const sha of shas) {
      const synced = (file: string) => fsyncs.find((c) => c.target === file)?.done ?? Infinity;
      const original = synced(path.join(originals, sha));
      const record = synced(path.join(originals, 'kept.jsonl'));
      const named = all.find((c) => c.name === 'pwrite64' && c.target.endsWith('nianbao.db-wal') && c.line.includes(sha));
      expect(named).toBeDefined();
      expect(original).toBeLessThan(named!.started);
      expect(record).toBeLessThan(named!.started);
      // The folder's fsync after the original's, before the log names it: the name is durable too.
      expect(fsyncs.some((c) => c.target === originals && c.started > original && c.done < named!.started)).toBe(true);
    }
  }, 120_000);
});
