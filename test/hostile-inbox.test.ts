/**
 * A hostile inbox, for real: symbolic links (to a file, in a loop, to nothing, to a folder),
 * a FIFO, a file and a folder the run may not read (real permission bits: as root the CLI runs
 * without the capabilities that let root ignore them), names in GBK bytes and in bytes of no encoding,
 * an agency name past the 255-byte file-name limit, a rejected file with a long name, two
 * agencies whose names share 120 characters. Every entry ends in summary.json with a status
 * (and a rule for what was not read), the run goes on and exits 0.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import type { FileEntry, RunSummary } from '../src/pipeline/summary';
import { leftovers, listFiles, makeInbox, removeDir, runCli, runSummary, seedAs, slowWorkbooks, spawnCli, tempDir, waitFor, workbookBytes, type CliResult } from './helpers/cli';

const AS_ROOT = process.getuid?.() === 0;

/**
 * The CLI, when we are root, without CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH, so permission
 * bits apply to it. Still root, it reaches the checkout wherever it is: run as `nobody` it
 * could not, from a clone under a 0700 folder (mktemp -d).
 */
const runUnprivileged = (args: string[]): Promise<CliResult> =>
  runCli(args, AS_ROOT ? { wrap: ['setpriv', '--bounding-set=-dac_override,-dac_read_search', '--'] } : {});

const LONG_AGENCY = `枣庄市市中区${'很长很长的机构名称'.repeat(10)}局`; // 97 characters, 291 bytes
const SHARED = `枣庄市市中区${'共同前缀'.repeat(30)}`; // 126 characters in common
const GBK_NAME = iconv.encode('编码测试局年报.xlsx', 'gbk');
const BAD_NAME = Buffer.concat([Buffer.from('x'), Buffer.from([0xff, 0xfe]), Buffer.from('A.csv')]);
const LONG_REJECTED = `${'长'.repeat(80)}.xlsx`; // 245 bytes

describe('a hostile inbox', () => {
  const root = tempDir('nianbao-hostile-');
  const inbox = path.join(root, 'inbox');
  const out = path.join(root, 'out');
  const elsewhere = path.join(root, 'elsewhere');
  let summary: RunSummary;
  let result: CliResult;
  const entry = (name: string): FileEntry => {
    const found = summary.files.find((f) => f.file === name);
    if (!found) throw new Error(`${name} is not in the summary: ${summary.files.map((f) => f.file).join(', ')}`);
    return found;
  };

  beforeAll(async () => {
    fs.mkdirSync(inbox, { recursive: true });
    fs.mkdirSync(elsewhere);
    fs.writeFileSync(path.join(inbox, 'seed.xlsx'), workbookBytes(seedAs('枣庄市市中区普通局')));
    fs.writeFileSync(path.join(elsewhere, 'target.xlsx'), workbookBytes(seedAs('枣庄市市中区链接局')));
    fs.symlinkSync(path.join(elsewhere, 'target.xlsx'), path.join(inbox, 'link-to-file.xlsx'));
    fs.symlinkSync('loop-b.xlsx', path.join(inbox, 'loop-a.xlsx'));
    fs.symlinkSync('loop-a.xlsx', path.join(inbox, 'loop-b.xlsx'));
    fs.symlinkSync(path.join(root, 'nowhere.xlsx'), path.join(inbox, 'dangling.xlsx'));
    fs.symlinkSync(elsewhere, path.join(inbox, 'linked-folder'));
    execFileSync('mkfifo', [path.join(inbox, 'pipe.xlsx')]);
    fs.writeFileSync(path.join(inbox, 'locked.xlsx'), workbookBytes(seedAs('枣庄市市中区上锁局')));
    fs.mkdirSync(path.join(inbox, 'locked-folder'));
    fs.writeFileSync(path.join(inbox, 'locked-folder', 'inside.xlsx'), workbookBytes(seedAs('枣庄市市中区夹内局')));
    fs.writeFileSync(Buffer.concat([Buffer.from(inbox + '/'), GBK_NAME]), workbookBytes(seedAs('枣庄市市中区编码测试局')));
    fs.writeFileSync(Buffer.concat([Buffer.from(inbox + '/'), BAD_NAME]), 'not a report at all\n');
    fs.writeFileSync(path.join(inbox, 'long-agency.xlsx'), workbookBytes(seedAs(LONG_AGENCY)));
    fs.writeFileSync(path.join(inbox, LONG_REJECTED), 'not a workbook');
    fs.writeFileSync(path.join(inbox, 'shared-1.xlsx'), workbookBytes(seedAs(`${SHARED}甲局`)));
    fs.writeFileSync(path.join(inbox, 'shared-2.xlsx'), workbookBytes(seedAs(`${SHARED}乙局`)));
    fs.chmodSync(path.join(inbox, 'locked.xlsx'), 0o000);
    fs.chmodSync(path.join(inbox, 'locked-folder'), 0o000);
    result = await runUnprivileged(['run', '--inbox', inbox, '--out', out, '--jobs', '1']);
    summary = runSummary(out);
  });
  afterAll(() => {
    fs.chmodSync(path.join(inbox, 'locked-folder'), 0o755);
    removeDir(root);
  });

  test('the run ends with exit 0 and its summary; no lock, partial folder or temporary file is left', () => {
    expect(result.stderr).not.toMatch(/nianbao: failed/);
    expect(result.code).toBe(0);
    expect(leftovers(out)).toEqual([]);
    expect(fs.existsSync(path.join(out, '.lock'))).toBe(false);
  });

  test('every entry of the inbox is accounted for', () => {
    const names = summary.files.map((f) => f.file).sort();
    expect(names).toEqual(
      [
        'seed.xlsx', 'link-to-file.xlsx', 'loop-a.xlsx', 'loop-b.xlsx', 'dangling.xlsx', 'linked-folder', 'pipe.xlsx', 'locked.xlsx', 'locked-folder/',
        '编码测试局年报.xlsx', 'x\\xff\\xfeA.csv', 'long-agency.xlsx', LONG_REJECTED, 'shared-1.xlsx', 'shared-2.xlsx',
      ].sort(),
    );
    expect(summary.counts.files).toBe(15);
  });

  test('a link to a regular file is imported under the link\'s name', () => {
    expect(entry('link-to-file.xlsx')).toMatchObject({ status: 'imported', agency: '枣庄市市中区链接局' });
    expect(entry('seed.xlsx')).toMatchObject({ status: 'imported' });
  });

  test('loops, dangling links, linked folders and FIFOs are skipped with their rule, never opened', () => {
    expect(entry('loop-a.xlsx')).toMatchObject({ status: 'skipped', rule: 'INBOX.symlink-loop' });
    expect(entry('loop-b.xlsx')).toMatchObject({ status: 'skipped', rule: 'INBOX.symlink-loop' });
    expect(entry('dangling.xlsx')).toMatchObject({ status: 'skipped', rule: 'INBOX.dangling-link', detail: path.join(root, 'nowhere.xlsx') });
    expect(entry('linked-folder')).toMatchObject({ status: 'skipped', rule: 'INBOX.linked-folder' });
    expect(entry('pipe.xlsx')).toMatchObject({ status: 'skipped', rule: 'INBOX.special-file', detail: 'fifo' });
    for (const name of ['loop-a.xlsx', 'dangling.xlsx', 'pipe.xlsx']) expect(entry(name).reason).toBeTruthy();
  });

  test('a file and a folder the run may not read are skipped with their rule', () => {
    expect(entry('locked.xlsx')).toMatchObject({ status: 'skipped', rule: 'INBOX.unreadable', detail: 'EACCES' });
    expect(entry('locked-folder/')).toMatchObject({ status: 'skipped', rule: 'INBOX.unreadable-folder', detail: 'EACCES' });
  });

  test('a GBK file name is decoded as GB18030 and the file imported; a name of no encoding is shown with \\x escapes', () => {
    expect(entry('编码测试局年报.xlsx')).toMatchObject({ status: 'imported', agency: '枣庄市市中区编码测试局', nameEncoding: 'gb18030', nameHex: GBK_NAME.toString('hex') });
    expect(entry('x\\xff\\xfeA.csv')).toMatchObject({ status: 'rejected', nameEncoding: 'bytes', nameHex: BAD_NAME.toString('hex') });
  });

  test('an agency name past the file-name limit is filed under a name within it', () => {
    const long = entry('long-agency.xlsx');
    expect(long).toMatchObject({ status: 'imported', agency: LONG_AGENCY });
    expect(Buffer.byteLength(path.basename(long.cleanedPath!))).toBeLessThanOrEqual(255);
    expect(JSON.parse(fs.readFileSync(long.cleanedPath!, 'utf8')).agency).toBe(LONG_AGENCY);
  });

  test('a rejected file with a long name is quarantined with its reason', () => {
    const rejected = entry(LONG_REJECTED);
    expect(rejected.status).toBe('rejected');
    expect(fs.existsSync(rejected.quarantined!)).toBe(true);
    expect(fs.existsSync(`${rejected.quarantined}.reason.json`)).toBe(true);
  });

  test('two agencies whose names share 120 characters are two cleaned files', () => {
    const a = entry('shared-1.xlsx');
    const b = entry('shared-2.xlsx');
    expect(a.status).toBe('imported');
    expect(b.status).toBe('imported');
    expect(a.cleanedPath).not.toBe(b.cleanedPath);
    expect(a.supersededBy).toBeUndefined();
    expect(b.supersededBy).toBeUndefined();
    // seed, the link, the GBK name, the long name and these two.
    expect(listFiles(path.join(out, 'cleaned', '2021'))).toHaveLength(6);
  });

  test('once readable, the locked file is imported by the next run; what was imported is skipped as unchanged', async () => {
    fs.chmodSync(path.join(inbox, 'locked.xlsx'), 0o644);
    fs.chmodSync(path.join(inbox, 'locked-folder'), 0o755);
    const again = await runUnprivileged(['run', '--inbox', inbox, '--out', out, '--jobs', '1']);
    expect(again.code).toBe(0);
    const next = runSummary(out);
    const byName = Object.fromEntries(next.files.map((f) => [f.file, f]));
    expect(byName['locked.xlsx']).toMatchObject({ status: 'imported' });
    expect(byName['locked-folder/inside.xlsx']).toMatchObject({ status: 'imported' });
    expect(byName['编码测试局年报.xlsx']).toMatchObject({ status: 'skipped', nameEncoding: 'gb18030' });
    expect(byName['pipe.xlsx']).toMatchObject({ status: 'skipped', rule: 'INBOX.special-file' });
  });
});

describe('a file deleted while the run reads the inbox', () => {
  const root = tempDir('nianbao-vanish-');
  afterAll(() => removeDir(root));

  test('is an entry with its rule; the run finishes, exit 0, no lock or partial folder left', async () => {
    // Files are read a few ahead of the one being written: the last one is read well after the
    // run has listed the inbox and started, and is deleted in between.
    const inbox = makeInbox(path.join(root, 'inbox'), slowWorkbooks(12));
    const out = path.join(root, 'out');
    fs.writeFileSync(path.join(inbox, 'zz-deleted.xlsx'), workbookBytes(seedAs('枣庄市市中区消失局')));
    const job = spawnCli(['run', '--inbox', inbox, '--out', out, '--jobs', '1']);
    await waitFor('a first file done', () => job.stderr.includes('"msg":"file done"'), { timeoutMs: 15_000, intervalMs: 5 });
    fs.rmSync(path.join(inbox, 'zz-deleted.xlsx'));
    const result = await job.done;
    expect(result.stderr).not.toMatch(/nianbao: failed|unhandled/i);
    expect(result.code).toBe(0);
    const summary = runSummary(out);
    expect(summary.files).toHaveLength(13);
    expect(summary.files.find((f) => f.file === 'zz-deleted.xlsx')).toMatchObject({ status: 'skipped', rule: 'INBOX.vanished', detail: 'ENOENT' });
    expect(summary.files.filter((f) => f.status === 'imported')).toHaveLength(12);
    expect(leftovers(out)).toEqual([]);
    expect(fs.existsSync(path.join(out, '.lock'))).toBe(false);
  });
});
