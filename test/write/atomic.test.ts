/**
 * The atomic writer on a write that really stops part way: a child node process under a
 * file-size limit (`ulimit -f`, RLIMIT_FSIZE; SIGXFSZ ignored so the write returns short and
 * then EFBIG instead of killing the process), writing over a good file.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, removeDir, tempDir } from '../helpers/cli';
import { appendLines, makeFolder, renameDurable, sweepTemporaryFiles, Unsynced, writeAtomic, writeJson } from '../../src/store/atomic';

const ATOMIC = path.join(ROOT, 'dist', 'src', 'store', 'atomic.js');

/** Runs `script` in node with files limited to `kib` KiB; returns what it printed. */
function underFileLimit(kib: number, script: string): { stdout: string; stderr: string; status: number | null } {
  const result = spawnSync('bash', ['-c', `trap "" XFSZ; ulimit -f ${kib}; exec "$0" -e "$1"`, process.execPath, script], { encoding: 'utf8' });
  return { stdout: result.stdout, stderr: result.stderr, status: result.status };
}

describe('writeAtomic on a write that stops part way', () => {
  const dir = tempDir('nianbao-atomic-limit-');
  afterAll(() => removeDir(dir));

  test('the limit really makes a single write short (what write-file-atomic 6.0.0 did not check)', () => {
    const file = path.join(dir, 'probe');
    const { stdout } = underFileLimit(8, `const fs=require('fs');const fd=fs.openSync(${JSON.stringify(file)},'w');console.log(fs.writeSync(fd,Buffer.alloc(20000)))`);
    expect(Number(stdout.trim())).toBe(8192);
  });

  test('a report too large for the room left fails naming the file; the good report is untouched and no temporary file is left', () => {
    const report = path.join(dir, 'cleaned', '2021', '某局.json');
    writeJson(report, { agency: '某局', good: true });
    const before = fs.readFileSync(report);
    const script = `
      const { writeJson } = require(${JSON.stringify(ATOMIC)});
      try { writeJson(${JSON.stringify(report)}, { agency: '某局', filler: 'x'.repeat(50000) }); console.log('written'); }
      catch (e) { console.log(JSON.stringify({ code: e.code, message: e.message })); }`;
    const { stdout, status } = underFileLimit(16, script);
    expect(status).toBe(0);
    const error = JSON.parse(stdout.trim()) as { code: string; message: string };
    expect(['EFBIG', 'ESHORTWRITE']).toContain(error.code);
    expect(error.message).toContain(report);
    expect(fs.readFileSync(report)).toEqual(before);
    expect(fs.readdirSync(path.dirname(report))).toEqual(['某局.json']);
  });

  test('within the limit the same write succeeds whole', () => {
    const report = path.join(dir, 'small.json');
    const { stdout } = underFileLimit(16, `require(${JSON.stringify(ATOMIC)}).writeJson(${JSON.stringify(report)}, { a: 'x'.repeat(1000) }); console.log('ok')`);
    expect(stdout.trim()).toBe('ok');
    expect(JSON.parse(fs.readFileSync(report, 'utf8'))).toEqual({ a: 'x'.repeat(1000) });
  });
});

describe('folders and renames', () => {
  const dir = tempDir('nianbao-atomic-dirs-');
  afterAll(() => removeDir(dir));

  test('makeFolder creates every missing parent, and is a no-op when the folder exists', () => {
    const deep = path.join(dir, 'a', 'b', 'c');
    makeFolder(deep);
    expect(fs.statSync(deep).isDirectory()).toBe(true);
    makeFolder(deep);
  });

  test('renameDurable moves a folder under its final name', () => {
    const from = path.join(dir, 'runs', '.r1.partial');
    fs.mkdirSync(from, { recursive: true });
    fs.writeFileSync(path.join(from, 'summary.json'), '{}');
    renameDurable(from, path.join(dir, 'runs', 'r1'));
    expect(fs.readdirSync(path.join(dir, 'runs'))).toEqual(['r1']);
  });

  test('a write into a folder that is not writable throws and leaves nothing behind', () => {
    const file = path.join(dir, 'nofolder', 'x.json');
    fs.writeFileSync(path.join(dir, 'nofolder'), 'a file where the folder should be');
    expect(() => writeJson(file, {})).toThrow();
    expect(sweepTemporaryFiles(dir)).toEqual([]);
  });
});

describe('a batch written without waiting for the disk (a run\'s originals and published files)', () => {
  const dir = tempDir('nianbao-atomic-batch-');
  afterAll(() => removeDir(dir));
  /** This process's open descriptors (Linux): the batch keeps each new file's open until it is synced. */
  const openDescriptors = (): number => fs.readdirSync('/proc/self/fd').length;

  test('each file is whole under its name at once; sync() closes every descriptor the batch kept', async () => {
    const batch = new Unsynced();
    const before = openDescriptors();
    for (let i = 0; i < 20; i++) writeAtomic(path.join(dir, 'originals', `f${i}`), `bytes of ${i}`, { syncWith: batch });
    appendLines(path.join(dir, 'originals', 'kept.jsonl'), ['{"sha256":"a"}'], { syncWith: batch });
    expect(fs.readFileSync(path.join(dir, 'originals', 'f7'), 'utf8')).toBe('bytes of 7');
    expect(batch.size).toBe(21);
    expect(openDescriptors()).toBe(before + 20);
    await batch.sync();
    expect(batch.size).toBe(0);
    expect(openDescriptors()).toBe(before);
    expect(sweepTemporaryFiles(dir)).toEqual([]);
  });

  test('a file written twice before the batch is synced keeps the second write, and the first descriptor is closed at once', async () => {
    const batch = new Unsynced();
    const file = path.join(dir, 'cleaned', '2022', '某局.json');
    const before = openDescriptors();
    writeAtomic(file, '{"first":true}\n', { syncWith: batch });
    writeAtomic(file, '{"second":true}\n', { syncWith: batch });
    expect(openDescriptors()).toBe(before);
    expect(batch.size).toBe(1);
    await batch.sync();
    expect(fs.readFileSync(file, 'utf8')).toBe('{"second":true}\n');
    expect(openDescriptors()).toBe(before);
  });
});
