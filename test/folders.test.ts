/** --out and --inbox must not hold one another: refused before anything is read or written. */
import fs from 'node:fs';
import path from 'node:path';
import { SEED } from '../scripts/layouts';
import { makeInbox, removeDir, runCli, tempDir } from './helpers/cli';

describe('an output folder inside the inbox', () => {
  const root = tempDir('nianbao-folders-');
  const inbox = makeInbox(path.join(root, 'inbox'), { 'seed.xlsx': SEED });
  afterAll(() => removeDir(root));

  test.each([
    ['--out inside --inbox', path.join(inbox, 'out'), inbox, /--out .* is inside --inbox/],
    ['--out the inbox itself', inbox, inbox, /--out .* is inside --inbox/],
    ['--inbox inside --out', root, inbox, /--inbox .* is inside --out/],
  ])('%s is refused with a usage error, exit 1, nothing written', async (_what, out, inboxArg, message) => {
    const before = fs.readdirSync(inbox).sort();
    const result = await runCli(['run', '--inbox', inboxArg, '--out', out, '--jobs', '1']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(fs.readdirSync(inbox).sort()).toEqual(before);
    expect(fs.existsSync(path.join(out, 'runs'))).toBe(false);
  });

  test('a link that leads the output folder into the inbox is seen through', async () => {
    const link = path.join(root, 'out-link');
    fs.symlinkSync(inbox, link);
    const result = await runCli(['run', '--inbox', inbox, '--out', path.join(link, 'out'), '--jobs', '1']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/is inside --inbox/);
  });

  test('schedule refuses it too, before it starts ticking', async () => {
    const result = await runCli(['schedule', '--inbox', inbox, '--out', path.join(inbox, 'out'), '--cron', '* * * * * *']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/is inside --inbox/);
  });

  test('folders side by side run, three times, with the same file count', async () => {
    const out = path.join(root, 'apart');
    for (let i = 0; i < 3; i++) {
      const result = await runCli(['run', '--inbox', inbox, '--out', out, '--jobs', '1']);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^run \S+: 1 files/);
    }
  });
});
