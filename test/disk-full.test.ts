/**
 * A run whose writes really stop part way: the CLI under a file-size limit (`ulimit -f`,
 * SIGXFSZ ignored, so a write past it is short and the next one fails with EFBIG), as on a
 * filling disk. The good cleaned report survives, the file's entry says why, and the next run
 * reads every output (the truncated report of write-file-atomic 6.0.0 made every later run
 * fail on "Unterminated string in JSON").
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SEED } from '../scripts/layouts';
import { startDesk } from './helpers/desk';
import { CLI, SEED_AGENCY, leftovers, makeInbox, parseAllJson, removeDir, runCli, runSummary, runUnderFileLimit, seedAs, tempDir, waitFor, workbookBytes } from './helpers/cli';

const NOTHING_LOST = 'Nothing already imported is lost: the store and out/ keep every result recorded before; free some space and run again, and what this run did not record is done then';

/** The one line a failed command ends with (the log's JSON lines left out). */
const failureLine = (stderr: string): string | undefined => stderr.split('\n').find((l) => l.startsWith('nianbao: failed: '));

describe('a run on a disk that fills up', () => {
  const root = tempDir('nianbao-diskfull-');
  afterAll(() => removeDir(root));

  test('a cleaned report that can not be written whole leaves the good one in place; the next run is whole', async () => {
    const inbox = makeInbox(path.join(root, 'inbox'), { 'seed.xlsx': SEED });
    const out = path.join(root, 'out');
    expect((await runCli(['run', '--inbox', inbox, '--out', out, '--jobs', '1'])).code).toBe(0);
    const cleaned = path.join(out, 'cleaned', '2021', `${SEED_AGENCY}.json`);
    const good = fs.readFileSync(cleaned);
    const limitKib = 16;
    expect(good.length).toBeGreaterThan(limitKib * 1024); // the report is past the limit, the run's small files are not

    // The day's log is past the limit too: a line can not be added to it.
    const logs = path.join(out, 'logs');
    for (const log of fs.readdirSync(logs)) fs.appendFileSync(path.join(logs, log), JSON.stringify({ msg: 'x'.repeat(limitKib * 1024) }) + '\n');

    const limited = await runUnderFileLimit(limitKib, ['run', '--inbox', inbox, '--out', out, '--jobs', '1', '--force']);
    // The store's database can not grow either (its -shm is past the limit at once): the run
    // fails, saying in one line what it could not write and that nothing imported is lost, and
    // changes nothing (its transactions roll back). A full disk is not a damaged database:
    // the database is not set aside.
    expect(limited.signal).toBeNull();
    expect(limited.code).toBe(1);
    expect(failureLine(limited.stderr)).toBe(`nianbao: failed: could not write ${path.join(out, 'nianbao.db')}: the disk is full or a file-size limit is reached (SQLITE_IOERR_SHMSIZE). ${NOTHING_LOST}`);
    // The log that can not be written is said once and the run goes on (it ended the run with
    // "EFBIG: file too large, write", naming nothing).
    expect(limited.stderr.split('\n').filter((l) => l.startsWith('nianbao: could not write the log file '))).toEqual([expect.stringContaining(`${logs}${path.sep}`)]);
    expect(limited.stderr).toMatch(/"msg":"run failed"/);
    expect(fs.readFileSync(cleaned)).toEqual(good);
    expect(fs.readdirSync(out).filter((f) => f.includes('damaged'))).toEqual([]);
    expect(leftovers(out)).toEqual([]);

    const next = await runCli(['run', '--inbox', inbox, '--out', out, '--jobs', '1', '--force']);
    expect(next.code).toBe(0);
    expect(runSummary(out).files[0]).toMatchObject({ file: 'seed.xlsx', status: 'imported' });
    expect(parseAllJson(out)).toBeGreaterThan(3);
  });
});

/**
 * A disk that is really full (issue 21.11): a small tmpfs mounted in a mount namespace of
 * our own (`unshare`, as any user where user namespaces are allowed), filled to the last
 * byte. The failed commands name what they could not write and say nothing imported is lost,
 * the desk in Chinese.
 */
const tmpfsAllowed = (() => {
  try {
    execFileSync('unshare', ['--user', '--map-root-user', '--mount', 'sh', '-c', 'mount -t tmpfs -o size=64k tmpfs "$0"', os.tmpdir()], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

// Under CI (root, .ci/run) a mount namespace is always to be had: a skipped case there would prove nothing.
if (!tmpfsAllowed && process.env.CI) throw new Error('unshare --user --mount is refused under CI: the full-disk cases need a tmpfs of their own');

/** Inside the namespace (the tmpfs lives as long as it does): a run, the disk filled, a run and an import, the disk freed, a run. */
const SCRIPT = `set -e
out="$1"; inbox="$2"; results="$3"; elsewhere="$4"; node="$5"; cli="$6"
mount -t tmpfs -o size=4m tmpfs "$out"
"$node" "$cli" run --inbox "$inbox" --out "$out" --jobs 1 >/dev/null 2>"$results/first.err"
cp -r "$out/cleaned" "$results/before"
cat /dev/zero >"$out/filler" 2>/dev/null || true
set +e
"$node" "$cli" run --inbox "$inbox" --out "$out" --jobs 1 --force >/dev/null 2>"$results/run.err"; echo $? >"$results/run.rc"
"$node" "$cli" import "$elsewhere" --out "$out" >/dev/null 2>"$results/import.err"; echo $? >"$results/import.rc"
set -e
rm "$out/filler"
cp -r "$out/cleaned" "$results/after"
"$node" "$cli" run --inbox "$inbox" --out "$out" --jobs 1 >/dev/null 2>"$results/next.err"; echo $? >"$results/next.rc"
"$node" "$cli" status --out "$out" --year 2021 --json >"$results/status.json"`;

(tmpfsAllowed ? describe : describe.skip)('commands on a full disk', () => {
  const root = tempDir('nianbao-tmpfs-');
  afterAll(() => removeDir(root));

  test('say what they could not write and that nothing imported is lost; freed, the next run is whole', () => {
    const inbox = makeInbox(path.join(root, 'inbox'), { 'seed.xlsx': SEED });
    const other = '枣庄市市中区财政局';
    const elsewhere = path.join(makeInbox(path.join(root, 'elsewhere'), { 'other.xlsx': workbookBytes(seedAs(other)) }), 'other.xlsx');
    const out = path.join(root, 'out');
    const results = path.join(root, 'results');
    fs.mkdirSync(out);
    fs.mkdirSync(results);
    execFileSync('unshare', ['--user', '--map-root-user', '--mount', 'bash', '-c', SCRIPT, 'bash', out, inbox, results, elsewhere, process.execPath, CLI], { stdio: 'inherit' });
    const read = (name: string) => fs.readFileSync(path.join(results, name), 'utf8');

    // The first thing a command writes is the lock's owner file: nothing of the store is touched.
    const owner = path.join(out, '.lock-owner.json');
    expect(read('run.rc').trim()).toBe('1');
    expect(failureLine(read('run.err'))).toBe(`nianbao: failed: could not write ${owner}: the disk is full (ENOSPC). ${NOTHING_LOST}`);
    expect(read('import.rc').trim()).toBe('1');
    expect(failureLine(read('import.err'))).toBe(`nianbao: failed: could not write ${owner} while importing other.xlsx: the disk is full (ENOSPC). ${NOTHING_LOST}`);

    const cleaned = path.join('2021', `${SEED_AGENCY}.json`);
    expect(fs.readFileSync(path.join(results, 'after', cleaned))).toEqual(fs.readFileSync(path.join(results, 'before', cleaned)));
    expect(read('next.rc').trim()).toBe('0');
    const status = JSON.parse(read('status.json')) as Array<{ agency: string; latest: { file: string } | null }>;
    expect(status.find((e) => e.agency === SEED_AGENCY)?.latest?.file).toBe('seed.xlsx');
  });

  test("the desk's 重新导入 says it in Chinese", async () => {
    const inbox = makeInbox(path.join(root, 'desk', 'inbox'), { 'seed.xlsx': SEED });
    const staged = path.join(root, 'desk', 'staged');
    const out = path.join(root, 'desk', 'out');
    const control = path.join(root, 'desk', 'control');
    expect((await runCli(['run', '--inbox', inbox, '--out', staged])).code).toBe(0);
    fs.mkdirSync(out);
    fs.mkdirSync(control);
    // The desk on a tmpfs holding the store; the disk is filled once the test asks, after the desk opened the store.
    const script = `set -e
mount -t tmpfs -o size=8m tmpfs "${out}"
cp -r "${staged}/." "${out}/"
"$0" "$@" & desk=$!
trap 'kill $desk' TERM
while [ ! -e "${control}/fill" ]; do sleep 0.1; done
cat /dev/zero >"${out}/filler" 2>/dev/null || true
touch "${control}/filled"
wait $desk`;
    const desk = await startDesk(['--out', out, '--inbox', inbox], { wrap: ['unshare', '--user', '--map-root-user', '--mount', 'bash', '-c', script] });
    try {
      const page = `/agency/2021/${encodeURIComponent(SEED_AGENCY)}`;
      const id = /name="id" value="(\d+)"/.exec((await desk.get(page)).body)?.[1];
      expect(id).toEqual(expect.any(String));
      fs.writeFileSync(path.join(control, 'fill'), '');
      await waitFor('the disk to be full', () => fs.existsSync(path.join(control, 'filled')));
      const answer = await desk.post('/reimport', { id: id!, back: page });
      expect(answer.status).toBe(500);
      expect(answer.body).toContain(`重新导入失败：无法写入 ${path.join(out, '.lock-owner.json')}（导入 seed.xlsx 时）：磁盘已满或写入受限（ENOSPC）。已导入的内容均未丢失；腾出磁盘空间后再试，未写入的结果届时补上。`);
    } finally {
      await desk.stop();
    }
  });
});
