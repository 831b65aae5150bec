/**
 * ANOMALY.* end to end: the built CLI runs over real workbooks of three agencies over
 * 2021–2023, consistent in themselves and across years, where one agency typed its 2023 fee
 * amount in 元 into the 万元 column and another added two zeros to its 2023 penalties.
 * `review --rule ANOMALY.*` shows both with what they are compared with, the feedback
 * workbook comments the cell with the comparison, and `decide` settles one.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Typed } from '../scripts/layouts';
import { removeDir, ROOT, runCli, runSummary, tempDir, workbookBytes } from './helpers/cli';

const FEES = '枣庄市市中区自然资源局';
const PENALTIES = '枣庄市市中区市场监督管理局';
const STEADY = '枣庄市市中区商务局';

/** Each agency's figures by year (the fee column is in 万元, as the template says). */
const FIGURES: Record<string, Record<number, Typed>> = {
  [FEES]: { 2021: { 'proactive.fees.amountYuan': 300 }, 2022: { 'proactive.fees.amountYuan': 310 }, 2023: { 'proactive.fees.amountYuan': 3_100_000 } },
  [PENALTIES]: { 2021: { 'proactive.penalties.decisions': 300 }, 2022: { 'proactive.penalties.decisions': 290 }, 2023: { 'proactive.penalties.decisions': 34_000 } },
  [STEADY]: { 2021: { 'proactive.licensing.decisions': 40 }, 2022: { 'proactive.licensing.decisions': 45 }, 2023: { 'proactive.licensing.decisions': 38 } },
};

interface JsonFinding {
  key: string; rule: string; agency: string; year: number; state: string; sheet: string; cells: string[];
  expected: number | null; actual: number; params: Record<string, number | string>; message: string;
}

describe('ANOMALY.* through the CLI', () => {
  const root = tempDir('nianbao-anomaly-');
  const inbox = path.join(root, 'inbox');
  const out = path.join(root, 'out');
  const anomalies = async (): Promise<JsonFinding[]> =>
    JSON.parse((await runCli(['review', '--out', out, '--json', '--rule', 'ANOMALY.*'])).stdout) as JsonFinding[];

  beforeAll(async () => {
    fs.mkdirSync(inbox, { recursive: true });
    for (const [agency, years] of Object.entries(FIGURES)) {
      for (const [year, values] of Object.entries(years)) {
        fs.writeFileSync(path.join(inbox, `${agency}${year}年政府信息公开工作年度报告.xlsx`),
          workbookBytes({ title: `${agency}${year}年政府信息公开工作年度报告`, edition: '2021', values }));
      }
    }
    const result = await runCli(['run', '--inbox', inbox, '--out', out]);
    expect(result.code).toBe(0);
  });
  afterAll(() => removeDir(root));

  it('flags the two slips, and only them, saying what each is compared with', async () => {
    const found = await anomalies();
    expect(found.map((f) => [f.rule, f.agency, f.year])).toEqual([
      ['ANOMALY.jump', PENALTIES, 2023],
      ['ANOMALY.unit', FEES, 2023],
    ]);
    const [jump, unit] = found;
    expect(unit).toMatchObject({ state: 'open', expected: 3_100_000, actual: 31_000_000_000, sheet: '年报', cells: [expect.stringMatching(/^[A-Z]+\d+$/)] });
    expect(unit.params).toMatchObject({ slip: 'yuan-as-wan', lastYear: 2022, lastValue: 3_100_000, priorYear: 2021, priorValue: 3_000_000, corrected: 3_100_000 });
    expect(unit.message).toContain(`本年收费金额(单位:万元)(年报!${unit.cells[0]}) 为 3100000 万元`);
    expect(unit.message).toContain('实际金额应为 310 万元');
    expect(unit.message).toContain('比较：本单位 2022 年 310 万元、2021 年 300 万元');
    expect(jump.message).toMatch(/行政处罚 本年处理决定数量\(年报![A-Z]+\d+\) 为 34000，与本单位 2021 年的 300（113\.3 倍）相比变化超过一个数量级/);
    // A single rule by its id, and an unknown family is a usage error.
    const byId = JSON.parse((await runCli(['review', '--out', out, '--json', '--rule', 'ANOMALY.unit'])).stdout) as JsonFinding[];
    expect(byId.map((f) => f.key)).toEqual([unit.key]);
    const unknown = await runCli(['review', '--out', out, '--rule', 'NOPE.*']);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('no rule matches --rule NOPE.*');
  });

  it('comments the cell of the feedback workbook with the comparison', async () => {
    const result = await runCli(['feedback', '--out', out, '--agency', FEES, '--year', '2023']);
    expect(result.code).toBe(0);
    const [unit] = (await anomalies()).filter((f) => f.rule === 'ANOMALY.unit');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path.join(out, 'feedback', '2023', `${FEES}.xlsx`));
    const note = workbook.getWorksheet('年报')!.getCell(unit.cells[0]).note;
    const text = typeof note === 'string' ? note : (note?.texts ?? []).map((t) => t.text).join('');
    expect(text).toContain('【警告】');
    expect(text).toContain('比较：本单位 2022 年 310 万元、2021 年 300 万元');
  });

  it('is decided like any finding, and the decision holds over an unchanged run', async () => {
    const [jump] = await anomalies();
    const decided = await runCli(['decide', jump.key, '--explained', '--reason', '2023 年开展专项整治，处罚决定确为 34000 件', '--by', '张三', '--out', out]);
    expect(decided.code).toBe(0);
    expect((await runCli(['run', '--inbox', inbox, '--out', out])).code).toBe(0);
    const after = await anomalies();
    expect(after.map((f) => [f.rule, f.key, f.state])).toEqual([['ANOMALY.jump', jump.key, 'explained'], ['ANOMALY.unit', after[1].key, 'open']]);
  });

  it('re-evaluates when anomaly.yaml changes, without reading a file again; a bad one is refused, naming it', async () => {
    const mappings = path.join(root, 'mappings');
    fs.cpSync(path.join(ROOT, 'mappings'), mappings, { recursive: true });
    fs.writeFileSync(path.join(mappings, 'anomaly.yaml'), 'jump:\n  ratio: 200\n');
    expect((await runCli(['run', '--inbox', inbox, '--out', out, '--mappings', mappings])).code).toBe(0);
    expect(runSummary(out).counts).toMatchObject({ files: 9, skipped: 9 });
    expect(runSummary(out).crossFile).toMatchObject({ cleared: 1 });
    expect((await anomalies()).map((f) => [f.rule, f.agency])).toEqual([['ANOMALY.unit', FEES]]);

    fs.writeFileSync(path.join(mappings, 'anomaly.yaml'), 'jump:\n  ratoi: 200\n');
    const check = await runCli(['mappings', 'check', '--mappings', mappings]);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain(`invalid  ${path.join(mappings, 'anomaly.yaml')}`);
    expect(check.stdout).toMatch(/jump: .*ratoi/);
    const run = await runCli(['run', '--inbox', inbox, '--out', out, '--mappings', mappings]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('anomaly.yaml');
  });
});
