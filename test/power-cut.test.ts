/**
 * The order of writes a power cut could interrupt (issue 21.8), read from the system calls
 * of a real `nianbao import` under strace: the original a submission points at, its record
 * and their folder are on the disk before the database is (rebuilds read the originals, the
 * desk and the feedback serve them). Skipped where strace is missing, except under CI.
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { CLI, makeInbox, removeDir, runCli, seedAs, tempDir, workbookBytes } from './helpers/cli';

const STRACE = '/usr/bin/strace';
const available = fs.existsSync(STRACE);
if (!available && process.env.CI) throw new Error(`${STRACE} is missing under CI`);
const describeTraced = available ? describe : describe.skip;

interface Call {
  call: 'create' | 'fsync';
  path: string;
}

/** The files a command and its threads created and fsynced, in the order the calls returned. */
async function traced(args: string[], trace: string): Promise<Call[]> {
  const child = spawn(STRACE, ['-f', '-y', '-e', 'trace=openat,fsync,fdatasync', '-o', trace, process.execPath, CLI, ...args], { stdio: 'ignore' });
  const code = await new Promise<number | null>((resolve, reject) => child.on('error', reject).on('close', resolve));
  expect(code).toBe(0);
  return fs.readFileSync(trace, 'utf8').split('\n').flatMap((line): Call[] => {
    const synced = /^\d+\s+f(?:data)?sync\(\d+<(.*)>\)\s+= 0$/.exec(line);
    if (synced) return [{ call: 'fsync', path: synced[1] }];
    const created = /^\d+\s+openat\(AT_FDCWD<[^>]*>, "([^"]+)", [^)]*O_CREAT[^)]*\) = \d+/.exec(line);
    return created ? [{ call: 'create', path: created[1] }] : [];
  });
}

describeTraced('a power cut', () => {
  const root = tempDir('nianbao-power-');
  afterAll(() => removeDir(root));

  test('finds the original of every submission the database names: it is fsynced, with its folder, before the database', async () => {
    const out = path.join(root, 'out');
    const inbox = makeInbox(path.join(root, 'inbox'), {});
    expect((await runCli(['run', '--inbox', inbox, '--out', out])).code).toBe(0);
    const bytes = workbookBytes(seedAs('枣庄市市中区第1测试局'));
    const file = path.join(root, 'a.xlsx');
    fs.writeFileSync(file, bytes);
    const original = path.join(fs.realpathSync(out), 'originals', crypto.createHash('sha256').update(bytes).digest('hex'));

    const calls = await traced(['import', file, '--out', out], path.join(root, 'import.trace'));
    const created = calls.findIndex((c) => c.call === 'create' && c.path.startsWith(original));
    expect(created).toBeGreaterThan(-1);
    // The first time the database reaches the disk after the original was written: the commit naming it.
    const db = path.join(path.dirname(path.dirname(original)), 'nianbao.db');
    const database = calls.findIndex((c, i) => i > created && c.call === 'fsync' && (c.path === db || c.path === `${db}-wal`));
    expect(database).toBeGreaterThan(-1);
    const before = calls.slice(created, database).filter((c) => c.call === 'fsync').map((c) => c.path);
    expect(before).toContain(original);
    expect(before).toContain(`${original}.json`);
    expect(before).toContain(path.dirname(original));
  }, 60_000);
});
