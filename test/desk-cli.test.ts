/** `status`, `decide` and `serve`'s refusal, as the built CLI over a store made by `run`. */
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, removeDir, runCli, tempDir } from './helpers/cli';

const dir = tempDir('nianbao-desk-cli-');
const inbox = path.join(dir, 'inbox');
const out = path.join(dir, 'out');
const BALANCE = 'T3.balance_枣庄市市中区卫生健康局2022年政府信息公开工作年度报告.csv';

beforeAll(async () => {
  fs.mkdirSync(inbox, { recursive: true });
  fs.copyFileSync(path.join(ROOT, 'samples', 'inbox', BALANCE), path.join(inbox, BALANCE));
  expect((await runCli(['run', '--inbox', inbox, '--out', out])).code).toBe(0);
}, 60_000);
afterAll(() => removeDir(dir));

test('status --json lists the roster with statuses; decide records, and refuses an unknown key', async () => {
  const status = await runCli(['status', '--out', out, '--year', '2022', '--json']);
  expect(status.code).toBe(0);
  const entries = JSON.parse(status.stdout) as Array<{ agency: string; status: string; onRoster: boolean }>;
  expect(entries.find((e) => e.agency === '枣庄市市中区财政局')).toMatchObject({ onRoster: true, status: 'overdue' });
  expect(entries.find((e) => e.agency === '枣庄市市中区卫生健康局')).toMatchObject({ status: 'errors' });

  const review = JSON.parse((await runCli(['review', '--out', out, '--json'])).stdout) as Array<{ key: string; rule: string; severity: string }>;
  const errors = review.filter((f) => f.severity === 'error');
  expect(errors.length).toBeGreaterThan(0);

  expect((await runCli(['decide', '0123456789abcdef', '--explained', '--reason', 'x', '--by', 'y', '--out', out])).code).toBe(1);
  expect((await runCli(['decide', errors[0].key, '--explained', '--by', 'y', '--out', out])).code).toBe(1);
  for (const f of errors) {
    const r = await runCli(['decide', f.key, '--false-positive', '--reason', '规则不适用', '--by', '李四', '--out', out]);
    expect(r.code).toBe(0);
  }
  const after = JSON.parse((await runCli(['status', '--out', out, '--year', '2022', '--json'])).stdout) as Array<{ agency: string; status: string }>;
  expect(after.find((e) => e.agency === '枣庄市市中区卫生健康局')?.status).not.toBe('errors');
  expect(fs.readFileSync(path.join(out, 'decisions.jsonl'), 'utf8')).toContain('李四');
});

test('serve refuses a host other than loopback without a token', async () => {
  const r = await runCli(['serve', '--out', out, '--host', '0.0.0.0', '--port', '0']);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('without --token');
});
