/** `status`, `decide` and `serve` (its refusal, its Host check), as the built CLI over a store made by `run`. */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { kill, ROOT, removeDir, runCli, spawnCli, tempDir, waitFor } from './helpers/cli';

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

/** A GET to `address` with the given Host header and token: the status it answers. */
function statusOf(address: string, port: number, host: string, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: address, port, path: '/', headers: { host, authorization: `Bearer ${token}` } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
  });
}

test('serve --host 0.0.0.0 --token answers at every address of the machine and its names, and refuses a foreign Host', async () => {
  const token = 'sesame-0123456789';
  const server = spawnCli(['serve', '--out', out, '--host', '0.0.0.0', '--port', '0', '--token', token, '--public-host', 'desk.example.gov']);
  try {
    const port = Number(await waitFor('the desk to listen', () => /:(\d+)\/\n/.exec(server.stdout)?.[1]));
    // Reached from another machine at an interface's address, the browser sends that address as Host.
    const addresses = Object.values(os.networkInterfaces()).flatMap((list) => list ?? []).filter((i) => i.family === 'IPv4').map((i) => i.address);
    expect(addresses).toContain('127.0.0.1');
    for (const address of addresses) {
      expect(await statusOf(address, port, `${address}:${port}`, token)).toBe(200);
      expect(await statusOf(address, port, `${address}:${port}`, 'wrong-0123456789')).toBe(401);
    }
    expect(await statusOf('127.0.0.1', port, `localhost:${port}`, token)).toBe(200);
    expect(await statusOf('127.0.0.1', port, `${os.hostname()}:${port}`, token)).toBe(200);
    expect(await statusOf('127.0.0.1', port, `desk.example.gov:${port}`, token)).toBe(200);
    // DNS rebinding: a page of evil.example whose name now points here still says evil.example.
    expect(await statusOf('127.0.0.1', port, `evil.example:${port}`, token)).toBe(403);
    expect(await statusOf('127.0.0.1', port, `127.0.0.1:${port + 1}`, token)).toBe(403);
  } finally {
    await kill(server.child, 'SIGTERM');
  }
});

test('serve refuses a --public-host that is not a host name', async () => {
  const r = await runCli(['serve', '--out', out, '--host', '0.0.0.0', '--port', '0', '--token', 'sesame-0123456789', '--public-host', 'http://x/']);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('--public-host');
});
