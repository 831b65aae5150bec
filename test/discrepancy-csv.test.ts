/**
 * The discrepancy CSV of a real run as Excel reads it (issue 21.12): a negative difference is
 * a number, not text; a text cell that would start a formula still gets the apostrophe.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { ROOT, removeDir, runCli, runSummary, tempDir } from './helpers/cli';

const BALANCE = 'T3.balance_枣庄市市中区卫生健康局2022年政府信息公开工作年度报告.csv';

describe('the discrepancy CSV', () => {
  const root = tempDir('nianbao-csv-');
  afterAll(() => removeDir(root));

  test('writes -1 in 差额 as a number and neutralises a file name starting with -', async () => {
    const inbox = path.join(root, 'inbox');
    const out = path.join(root, 'out');
    fs.mkdirSync(inbox);
    // 3 received, 2 handled: 差额 is -1. The name starting with - is text Excel would run as a formula.
    const name = `-${BALANCE}`;
    fs.copyFileSync(path.join(ROOT, 'samples', 'inbox', BALANCE), path.join(inbox, name));
    expect((await runCli(['run', '--inbox', inbox, '--out', out])).code).toBe(0);
    const text = fs.readFileSync(path.join(out, 'runs', runSummary(out).runId, 'discrepancies.csv'), 'utf8');
    const [header, ...rows] = parse(text.replace(/^\ufeff/, '')) as string[][];
    const balance = rows.filter((r) => r[header.indexOf('规则')] === 'T3.balance');
    expect(balance).toHaveLength(2);
    for (const row of balance) {
      expect(row[header.indexOf('文件')]).toBe(`'${name}`);
      expect([row[header.indexOf('应为')], row[header.indexOf('实为')], row[header.indexOf('差额')]]).toEqual(['3', '2', '-1']);
    }
  });
});
