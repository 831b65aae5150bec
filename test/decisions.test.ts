/**
 * Operators' decisions are never lost (issue 21.1, 21.2): decided at once from the desk and
 * from the command line while other commands open the store, every decision is answered and
 * indexed under its own line of decisions.jsonl; a last line torn by a crash never swallows
 * the next decision. All through the built CLI and `nianbao serve` as child processes.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ROOT, removeDir, runCli, tempDir, type CliResult } from './helpers/cli';
import { startDesk } from './helpers/desk';

const HEALTH = '枣庄市市中区卫生健康局';
const BALANCE = `T3.balance_${HEALTH}2022年政府信息公开工作年度报告.csv`;
const healthPage = `/agency/2022/${encodeURIComponent(HEALTH)}`;

/** An output folder made by `run` over the T3.balance sample; the keys of its findings in force. */
async function storeWithFindings(dir: string): Promise<{ inbox: string; out: string; keys: string[] }> {
  const inbox = path.join(dir, 'inbox');
  const out = path.join(dir, 'out');
  fs.mkdirSync(inbox, { recursive: true });
  fs.copyFileSync(path.join(ROOT, 'samples', 'inbox', BALANCE), path.join(inbox, BALANCE));
  expect((await runCli(['run', '--inbox', inbox, '--out', out])).code).toBe(0);
  const keys = (JSON.parse((await runCli(['review', '--out', out, '--json'])).stdout) as Array<{ key: string }>).map((f) => f.key);
  expect(keys.length).toBeGreaterThanOrEqual(2);
  return { inbox, out, keys };
}

/** The state of each finding in force, by key, as `review --json` gives it. */
async function states(out: string): Promise<Record<string, string>> {
  const review = await runCli(['review', '--out', out, '--json']);
  expect(review.code).toBe(0);
  return Object.fromEntries((JSON.parse(review.stdout) as Array<{ key: string; state: string }>).map((f) => [f.key, f.state]));
}

const decide = (out: string, key: string, kind: string, by = '张三'): Promise<CliResult> => runCli(['decide', key, kind, '--reason', '已与台账核对', '--by', by, '--out', out]);

/** The index's rows, each with the line of decisions.jsonl it names. */
function indexed(out: string): Array<{ seq: number; decision: string; line: string | undefined }> {
  const lines = fs.readFileSync(path.join(out, 'decisions.jsonl'), 'utf8').split('\n');
  const db = new Database(path.join(out, 'nianbao.db'), { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare('SELECT seq, decision FROM decisions ORDER BY seq').all() as Array<{ seq: number; decision: string }>;
    return rows.map((r) => ({ ...r, line: lines[r.seq - 1] }));
  } finally {
    db.close();
  }
}

describe('decisions made at once by the desk and the command line', () => {
  const dir = tempDir('nianbao-decisions-race-');
  afterAll(() => removeDir(dir));

  test('every one is answered (no 500, exit 0) and indexed under its own line', async () => {
    const { out, keys } = await storeWithFindings(dir);
    const desk = await startDesk(['--out', out]);
    const deskAnswers: number[] = [];
    try {
      const cli: CliResult[] = [];
      for (let round = 0; round < 6; round++) {
        const kind = round % 2 === 0 ? 'explained' : 'reopen';
        // Another operator decides from the command line, and a third asks for the roster…
        const commands = Promise.all([
          decide(out, keys[1], `--${kind}`),
          decide(out, keys[1], `--${kind}`, '王五'),
          runCli(['status', '--out', out, '--year', '2022', '--json']),
        ]).then((results) => cli.push(...results));
        // …while the operator at the desk presses 核实无误 (or 重新打开) again and again until they are done.
        let done = false;
        void commands.then(() => (done = true));
        while (!done) deskAnswers.push((await desk.post('/decide', { key: keys[0], decision: kind, reason: '已核实', by: '李四', back: healthPage })).status);
        await commands;
      }
      expect(deskAnswers).toEqual(deskAnswers.map(() => 303));
      expect(cli.map((r) => [r.code, r.stderr])).toEqual(cli.map(() => [0, '']));
    } finally {
      await desk.stop();
    }
    // Each decision indexed once, under the line that holds it.
    const rows = indexed(out);
    expect(rows).toHaveLength(deskAnswers.length + 12);
    for (const row of rows) expect(row.decision).toBe(row.line);
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
    // The last round reopened both.
    expect(await states(out)).toMatchObject({ [keys[0]]: 'open', [keys[1]]: 'open' });
  }, 180_000);
});

describe('a decisions.jsonl whose last line was torn by a crash', () => {
  const dir = tempDir('nianbao-decisions-torn-');
  afterAll(() => removeDir(dir));

  test('the next decision is a line of its own, in force, and survives a rebuild; the fragment is kept', async () => {
    const { inbox, out, keys } = await storeWithFindings(dir);
    expect((await decide(out, keys[0], '--explained')).code).toBe(0);
    const file = path.join(out, 'decisions.jsonl');
    // A decision cut short as it was appended (a crash, a full disk): no newline at its end.
    const whole = fs.readFileSync(file, 'utf8').split('\n')[0];
    const fragment = whole.replace(keys[0], keys[1]).slice(0, 60);
    fs.appendFileSync(file, fragment);

    const r = await decide(out, keys[1], '--false-positive');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('decisions.jsonl line 2 is no decision');
    expect(await states(out)).toMatchObject({ [keys[0]]: 'explained', [keys[1]]: 'false-positive' });
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    expect(lines.at(-1)).toBe('');
    expect(lines).toContain(fragment);
    expect(JSON.parse(lines.at(-2)!)).toMatchObject({ key: keys[1], decision: 'false-positive' });

    // A rebuilt database replays decisions.jsonl: both decisions hold.
    fs.rmSync(path.join(out, 'nianbao.db'));
    expect((await runCli(['run', '--inbox', inbox, '--out', out])).code).toBe(0);
    expect(await states(out)).toMatchObject({ [keys[0]]: 'explained', [keys[1]]: 'false-positive' });
  }, 120_000);
});
