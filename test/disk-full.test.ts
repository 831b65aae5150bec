/**
 * A run whose writes really stop part way: the CLI under a file-size limit (`ulimit -f`,
 * SIGXFSZ ignored, so a write past it is short and the next one fails with EFBIG), as on a
 * filling disk. The good cleaned report survives, the file's entry says why, and the next run
 * reads every output (the truncated report of write-file-atomic 6.0.0 made every later run
 * fail on "Unterminated string in JSON").
 */
import fs from 'node:fs';
import path from 'node:path';
import { SEED } from '../scripts/layouts';
import { SEED_AGENCY, leftovers, makeInbox, parseAllJson, removeDir, runCli, runSummary, runUnderFileLimit, tempDir } from './helpers/cli';

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

    const limited = await runUnderFileLimit(limitKib, ['run', '--inbox', inbox, '--out', out, '--jobs', '1', '--force']);
    // The store's database can not grow either: the run fails, saying so in one line, and
    // changes nothing (its transactions roll back). A full disk is not a damaged database:
    // the database is not set aside.
    expect(limited.signal).toBeNull();
    if (limited.code !== 0) {
      expect(limited.code).toBe(1);
      expect(limited.stderr).toMatch(/^nianbao: failed: /m);
    } else {
      const entry = runSummary(out).files.find((f) => f.file === 'seed.xlsx');
      expect(entry).toMatchObject({ status: 'skipped', rule: 'WRITE.failed' });
    }
    expect(fs.readFileSync(cleaned)).toEqual(good);
    expect(fs.readdirSync(out).filter((f) => f.includes('damaged'))).toEqual([]);
    expect(leftovers(out)).toEqual([]);

    const next = await runCli(['run', '--inbox', inbox, '--out', out, '--jobs', '1', '--force']);
    expect(next.code).toBe(0);
    expect(runSummary(out).files[0]).toMatchObject({ file: 'seed.xlsx', status: 'imported' });
    expect(parseAllJson(out)).toBeGreaterThan(3);
  });
});
