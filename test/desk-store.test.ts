/**
 * The desk over a real store made by `nianbao run`, beside other processes that write it
 * (the built CLI as child processes): what a page shows while they commit.
 */
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import Database from 'better-sqlite3';
import path from 'node:path';
import type { StoreView } from '../src/store/api';
import { Store } from '../src/store';
import { loadAgencies } from '../src/read/mappings';
import { createDesk } from '../src/views/desk/app';
import { CLI, makeInbox, readJson, ROOT, removeDir, runCli, runSummary, seedAs, statuses, tempDir, waitFor, workbookBytes } from './helpers/cli';
import { startDesk } from './helpers/desk';

const HEALTH = '枣庄市市中区卫生健康局';
const BALANCE = `T3.balance_${HEALTH}2022年政府信息公开工作年度报告.csv`;
const HOST = '127.0.0.1:8080';
const healthPage = `/agency/2022/${encodeURIComponent(HEALTH)}`;

/** An output folder made by `run` over the T3.balance sample. */
async function storeOf(dir: string): Promise<{ inbox: string; out: string }> {
  const inbox = path.join(dir, 'inbox');
  const out = path.join(dir, 'out');
  fs.mkdirSync(inbox, { recursive: true });
  fs.copyFileSync(path.join(ROOT, 'samples', 'inbox', BALANCE), path.join(inbox, BALANCE));
  expect((await runCli(['run', '--inbox', inbox, '--out', out])).code).toBe(0);
  return { inbox, out };
}

const dir = tempDir('nianbao-desk-store-');
afterAll(() => removeDir(dir));

/** The store as the desk sees it, calling `after` once when `method` has first answered. */
function hooked(store: Store, method: keyof StoreView, after: () => void): StoreView {
  let fired = false;
  return new Proxy(store, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const result = (value as (...a: unknown[]) => unknown).apply(target, args);
        if (name === method && !fired) {
          fired = true;
          after();
        }
        return result;
      };
    },
  }) as StoreView;
}

const stateOf = (body: string, key: string): string => new RegExp(`id="f-${key}"[\\s\\S]*?data-role="state">([^<]*)<`).exec(body)?.[1] ?? '';
const badgeOf = (body: string): string => /<h1>[\s\S]*?class="badge s-([a-z-]+)"/.exec(body)?.[1] ?? '';

test('an agency-year page shows one state of the store while another process decides its findings', async () => {
  const { out } = await storeOf(path.join(dir, 'snapshot'));
  const store = Store.open(out);
  try {
    const errors = store.findings({ agency: HEALTH, year: 2022 }).filter((f) => f.severity === 'error');
    expect(errors.length).toBeGreaterThan(0);
    // Between the page's first reading of the findings (its status) and the next (its list),
    // `nianbao decide` in another process explains every error.
    const view = hooked(store, 'findings', () => {
      for (const f of errors) {
        const r = spawnSync(process.execPath, [CLI, 'decide', f.key, '--explained', '--reason', '数字已核实', '--by', '王五', '--out', out], { encoding: 'utf8' });
        expect(r.stderr).toBe('');
        expect(r.status).toBe(0);
      }
    });
    const desk = createDesk({ store: view, agencies: loadAgencies(path.join(ROOT, 'mappings')), host: '127.0.0.1', port: () => 8080 });
    const during = await (await desk.request(`http://${HOST}${healthPage}`, { headers: { host: HOST } })).text();
    expect([badgeOf(during), ...errors.map((f) => stateOf(during, f.key))]).toEqual(['errors', ...errors.map(() => '待处理')]);

    // The next page shows the decisions, and the status they give.
    const after = await (await desk.request(`http://${HOST}${healthPage}`, { headers: { host: HOST } })).text();
    expect(badgeOf(after)).not.toBe('errors');
    expect(errors.map((f) => stateOf(after, f.key))).toEqual(errors.map(() => '核实无误'));
  } finally {
    store.close();
  }
}, 60_000);

test("the desk's re-import lets a run have the output folder while operators keep deciding", async () => {
  const { inbox, out } = await storeOf(path.join(dir, 'reimport'));
  // A database of some 20 MB, as years of reports make it, whose copy takes many steps.
  const db = new Database(path.join(out, 'nianbao.db'));
  db.exec('CREATE TABLE test_filler (bytes BLOB); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200) INSERT INTO test_filler SELECT randomblob(100000) FROM n');
  db.close();
  const desk = await startDesk(['--out', out, '--inbox', inbox]);
  try {
    const page = await desk.get(healthPage);
    const id = /name="id" value="(\d+)"/.exec(page.body)?.[1];
    const key = /name="key" value="([0-9a-f]{16})"/.exec(page.body)?.[1];
    expect([id, key]).toEqual([expect.any(String), expect.any(String)]);

    // An operator decides and reopens a finding, again and again, from the moment the re-import is pressed…
    let deciding = true;
    const answers: number[] = [];
    const operator = (async () => {
      for (let i = 0; deciding; i++) answers.push((await desk.post('/decide', { key: key!, decision: i % 2 ? 'reopen' : 'explained', reason: '已核实', by: '李四', back: healthPage })).status);
    })();
    const reimport = desk.post('/reimport', { id: id!, back: healthPage });
    await waitFor('the re-import to hold the output folder', () => {
      try {
        return readJson<{ command: string }>(path.join(out, '.lock-owner.json')).command === 'import';
      } catch {
        return false;
      }
    }, { intervalMs: 10 });
    // …and the night's run, started meanwhile, waits for the folder at most 10 s.
    const run = await runCli(['run', '--inbox', inbox, '--out', out, '--lock-wait', '10']);
    deciding = false;
    await operator;
    expect([run.code, run.code === 0 ? '' : run.stderr]).toEqual([0, '']);
    expect((await reimport).status).toBe(303);
    expect(answers.length).toBeGreaterThan(0);
    expect(answers).toEqual(answers.map(() => 303));
  } finally {
    await desk.stop();
  }
}, 120_000);

test("the desk's re-import of a file whose result could not be kept says so, in Chinese, and claims no import", async () => {
  const { inbox, out } = await storeOf(path.join(dir, 'unkept'));
  // The department sent the file again, changed; where its original would be kept, a folder stands in the way (EISDIR).
  const changed = Buffer.concat([fs.readFileSync(path.join(inbox, BALANCE)), Buffer.from('\n')]);
  fs.writeFileSync(path.join(inbox, BALANCE), changed);
  const blocked = path.join(out, 'originals', crypto.createHash('sha256').update(changed).digest('hex'));
  fs.mkdirSync(path.join(blocked, 'in-the-way'), { recursive: true });
  const desk = await startDesk(['--out', out, '--inbox', inbox]);
  try {
    const id = /name="id" value="(\d+)"/.exec((await desk.get(healthPage)).body)?.[1];
    expect(id).toEqual(expect.any(String));
    const answer = await desk.post('/reimport', { id: id!, back: healthPage });
    expect(answer.status).toBe(500);
    expect(answer.body).toContain(`重新导入失败：结果无法写入输出文件夹（磁盘已满或写入失败），下次运行重试（WRITE.failed，EISDIR ${blocked}）`);
    expect(answer.body).not.toContain('已重新导入');
  } finally {
    await desk.stop();
  }
}, 60_000);

test('a run beside an operator deciding at the desk records every file', async () => {
  const { inbox, out } = await storeOf(path.join(dir, 'beside'));
  makeInbox(inbox, Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`dept-${i}.xlsx`, workbookBytes(seedAs(`枣庄市市中区第${i}测试局`))])));
  const desk = await startDesk(['--out', out, '--inbox', inbox]);
  try {
    const key = /name="key" value="([0-9a-f]{16})"/.exec((await desk.get(healthPage)).body)?.[1];
    let deciding = true;
    const answers: number[] = [];
    const operator = (async () => {
      for (let i = 0; deciding; i++) answers.push((await desk.post('/decide', { key: key!, decision: i % 2 ? 'reopen' : 'explained', reason: '已核实', by: '李四', back: healthPage })).status);
    })();
    const run = await runCli(['run', '--inbox', inbox, '--out', out, '--jobs', '1']);
    deciding = false;
    await operator;
    expect([run.code, run.code === 0 ? '' : run.stderr]).toEqual([0, '']);
    expect(Object.values(statuses(runSummary(out))).filter((s) => s !== 'imported' && s !== 'skipped')).toEqual([]);
    expect(runSummary(out).counts).toMatchObject({ imported: 30 });
    expect(answers.length).toBeGreaterThan(0);
    expect(answers).toEqual(answers.map(() => 303));
  } finally {
    await desk.stop();
  }
}, 120_000);
