/**
 * Cross-file reconciliation end to end: one `nianbao run` over an inbox holding three years
 * of a region and its members, an agency whose years disagree, a report under an alias and a
 * resubmission, then a correction of last year that clears this year's finding. The built CLI
 * runs as a child process over real workbooks; agencies come from the bundled agencies.yaml.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Finding } from '../src/model/finding';
import { renderMessage } from '../src/reconcile';
import type { Typed } from '../scripts/layouts';
import { applicationRow } from '../scripts/sample-set';
import { readJson, removeDir, runCli, runSummary, tempDir, withStore, workbookBytes } from './helpers/cli';

const REGION = '枣庄市市中区人民政府';
const ENFORCEMENT = '枣庄市市中区综合行政执法局';
const EDUCATION = '枣庄市市中区教育和体育局';
const FINANCE = '枣庄市市中区财政局';
/** Not in agencies.yaml: filed under its own name, in no region. */
const JUSTICE = '枣庄市市中区司法局';

interface YearFigures {
  /** How busy the agency is: every count is a multiple of it. */
  scale: number;
  /** 二、上年结转 (natural persons). */
  carriedIn: number;
  /** 四、结转下年度继续办理 (natural persons). */
  carriedForward: number;
  /** 现行有效件数 of 行政规范性文件. */
  inForce: number;
}

/** A 2021-edition year that satisfies every file rule; its figures are linear, so members add up to a region. */
function yearValues({ scale, carriedIn, carriedForward, inForce }: YearFigures): Typed {
  const received = 4 * scale;
  return {
    'proactive.normativeDocs.issued': 2 * scale,
    'proactive.normativeDocs.repealed': scale,
    'proactive.normativeDocs.inForce': inForce,
    'proactive.licensing.decisions': 10 * scale,
    ...applicationRow('received', { naturalPerson: received, commercial: scale }),
    ...applicationRow('carriedIn', { naturalPerson: carriedIn }),
    ...applicationRow('results.granted', { naturalPerson: received + carriedIn - carriedForward, commercial: scale }),
    ...applicationRow('results.total', { naturalPerson: received + carriedIn - carriedForward, commercial: scale }),
    ...applicationRow('carriedForward', { naturalPerson: carriedForward }),
  };
}

/** An agency's figures for 2021 + k: carry-over and 现行有效件数 chain from year to year. */
const chained = (scale: number, k: number): YearFigures => ({ scale, carriedIn: k, carriedForward: k + 1, inForce: 10 * scale + k * scale });

/** The field-by-field sum of members' figures: what a region reports when all agree. */
function sum(...years: Typed[]): Typed {
  const total: Typed = {};
  for (const year of years) for (const [key, value] of Object.entries(year)) total[key] = ((total[key] as number) ?? 0) + (value as number);
  return total;
}

const report = (agency: string, year: number, values: Typed) =>
  workbookBytes({ title: `${agency}${year}年政府信息公开工作年度报告`, edition: '2021', values });

const SCALES = { [ENFORCEMENT]: 1, [EDUCATION]: 2, [FINANCE]: 3 } as const;
const member = (agency: keyof typeof SCALES, year: number): Typed => yearValues(chained(SCALES[agency], year - 2021));
const members = (year: number): Typed[] => [member(ENFORCEMENT, year), member(EDUCATION, year), member(FINANCE, year)];

/** 2022's finance figures with one more 行政许可 decision than the region counted. */
const FINANCE_2022_OFF = { ...member(FINANCE, 2022), 'proactive.licensing.decisions': 31 };

const DAY = 86_400_000;
const MTIME_2023 = Date.parse('2023-02-01T00:00:00Z');

describe('cross-file reconciliation in a run', () => {
  const root = tempDir('nianbao-cross-');
  const inbox = path.join(root, 'inbox');
  const out = path.join(root, 'out');
  const run = () => runCli(['run', '--inbox', inbox, '--out', out, '--jobs', '2']);
  const put = (name: string, bytes: Buffer, mtimeMs = MTIME_2023) => {
    const file = path.join(inbox, name);
    fs.writeFileSync(file, bytes);
    fs.utimesSync(file, new Date(mtimeMs), new Date(mtimeMs));
  };
  const crossFindings = () => withStore(out, (store) => store.findings().filter((f) => f.rule.startsWith('X.')).map((f) => ({ ...f, message: renderMessage(f) })));
  const brief = (findings: Finding[]) => findings.map((f) => [f.rule, f.agency, f.year]);

  beforeAll(() => {
    fs.mkdirSync(inbox, { recursive: true });
    // 2021: the region and all three members agree.
    put('region_2021.xlsx', report(REGION, 2021, sum(...members(2021))));
    put('enforcement_2021.xlsx', report(ENFORCEMENT, 2021, member(ENFORCEMENT, 2021)));
    put('education_2021.xlsx', report(EDUCATION, 2021, member(EDUCATION, 2021)));
    put('finance_2021.xlsx', report(FINANCE, 2021, member(FINANCE, 2021)));
    // 2022: finance reports one decision more than the region's total holds; education files
    // under its short name; enforcement sent a first draft, then a corrected copy a day later.
    put('region_2022.xlsx', report(REGION, 2022, sum(...members(2022))));
    put('enforcement_2022.xlsx', report(ENFORCEMENT, 2022, { ...member(ENFORCEMENT, 2022), 'proactive.licensing.decisions': 99 }), MTIME_2023 - DAY);
    put('enforcement_2022_修订.xlsx', report(ENFORCEMENT, 2022, member(ENFORCEMENT, 2022)));
    put('education_2022.xlsx', report('市中区教体局', 2022, member(EDUCATION, 2022)));
    put('finance_2022.xlsx', report(FINANCE, 2022, FINANCE_2022_OFF));
    // 2023: finance has not reported yet.
    put('region_2023.xlsx', report(REGION, 2023, sum(...members(2023))));
    put('enforcement_2023.xlsx', report(ENFORCEMENT, 2023, member(ENFORCEMENT, 2023)));
    put('education_2023.xlsx', report(EDUCATION, 2023, member(EDUCATION, 2023)));
    // An agency outside the region whose 2022 carry-over does not match its 2021 report.
    put('justice_2021.xlsx', report(JUSTICE, 2021, yearValues({ scale: 1, carriedIn: 0, carriedForward: 1, inForce: 10 })));
    put('justice_2022.xlsx', report(JUSTICE, 2022, yearValues({ scale: 1, carriedIn: 3, carriedForward: 2, inForce: 11 })));
  });
  afterAll(() => removeDir(root));

  it('reports exactly the cross-file findings that hold', async () => {
    const result = await run();
    expect(result.code).toBe(0);
    const summary = runSummary(out);
    expect(summary.counts).toMatchObject({ files: 14, imported: 14, rejected: 0, errors: 0 });

    const findings = crossFindings();
    expect(brief(findings).sort()).toEqual([
      ['X.carry-over', JUSTICE, 2022], // 自然人 and 总计
      ['X.carry-over', JUSTICE, 2022],
      ['X.duplicate', ENFORCEMENT, 2022],
      ['X.rollup', REGION, 2022],
      ['X.rollup-incomplete', REGION, 2023],
    ]);
    expect(summary.crossFile).toMatchObject({ findings: 5, errors: 3, warnings: 2, new: 5, cleared: 0 });

    // Both sides named: this year's file and cell, last year's file and cell.
    for (const carryOver of findings.filter((f) => f.rule === 'X.carry-over')) {
      expect(carryOver).toMatchObject({ severity: 'error', file: 'justice_2022.xlsx', sheet: '年报', cells: [expect.stringMatching(/^[A-Z]+\d+$/)] });
      expect(carryOver.message).toContain(`二、上年结转政府信息公开申请数量(年报!${carryOver.cells[0]})`);
      expect(carryOver.message).toMatch(/2021 年报告\(justice_2021\.xlsx\)的四、结转下年度继续办理\(年报![A-Z]+\d+\)/);
    }
    // The members' 行政许可 decisions add up to one more than the region's, by the finance bureau's.
    const rollup = findings.find((f) => f.rule === 'X.rollup')!;
    expect(rollup).toMatchObject({ severity: 'error', file: 'region_2022.xlsx', expected: 61, actual: 60 });
    expect(rollup.message).toContain('行政许可');
    expect(rollup.message).toContain(FINANCE);
    const incomplete = findings.find((f) => f.rule === 'X.rollup-incomplete')!;
    expect(incomplete).toMatchObject({ severity: 'warning', file: 'region_2023.xlsx' });
    expect(incomplete.message).toContain(FINANCE);
    expect(incomplete.message).not.toContain(EDUCATION);
  });

  it('keeps the newest resubmission current and the other superseded, named in X.duplicate', () => {
    const kept = readJson(path.join(out, 'cleaned', '2022', `${ENFORCEMENT}.json`));
    expect(kept.source.file).toBe('enforcement_2022_修订.xlsx');
    expect(kept.proactive.licensing.decisions).toBe(10);
    const superseded = withStore(out, (store) => store.submissions().filter((s) => s.status !== 'rejected' && !s.current));
    expect(superseded.map((s) => s.file)).toEqual(['enforcement_2022.xlsx']);
    const entry = runSummary(out).files.find((f) => f.file === 'enforcement_2022.xlsx')!;
    expect(entry).toMatchObject({ status: 'imported', supersededBy: 'enforcement_2022_修订.xlsx' });
    const duplicate = crossFindings().find((f) => f.rule === 'X.duplicate')!;
    expect(duplicate).toMatchObject({ severity: 'warning', file: 'enforcement_2022_修订.xlsx' });
    expect(duplicate.message).toContain('enforcement_2022.xlsx');
  });

  it('files a report titled with an alias under the canonical agency', () => {
    expect(readJson(path.join(out, 'cleaned', '2022', `${EDUCATION}.json`)).source.file).toBe('education_2022.xlsx');
    expect(fs.existsSync(path.join(out, 'cleaned', '2022', '市中区教体局.json'))).toBe(false);
  });

  it('review --agency shows the years side by side and the cross-file findings, by any of its names', async () => {
    const result = await runCli(['review', '--out', out, '--agency', '市中区执法局']);
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe(`${ENFORCEMENT}：2021、2022、2023 年度对照`);
    expect(lines.find((l) => l.startsWith('来源文件'))).toMatch(/enforcement_2021\.xlsx\s+enforcement_2022_修订\.xlsx\s+enforcement_2023\.xlsx$/);
    expect(lines.find((l) => l.includes('行政规范性文件 现行有效件数'))).toMatch(/\s10\s+11\s+12$/);
    expect(result.stdout).toMatch(/现存问题：\d+ 项/);
    expect(result.stdout).toContain('X.duplicate');
  });

  it('clears this year\'s carry-over finding once last year is corrected, and says so', async () => {
    put('justice_2021.xlsx', report(JUSTICE, 2021, yearValues({ scale: 1, carriedIn: 0, carriedForward: 3, inForce: 10 })), MTIME_2023 + DAY);
    const result = await run();
    expect(result.code).toBe(0);
    const summary = runSummary(out);
    expect(summary.counts).toMatchObject({ imported: 1, skipped: 13 });
    expect(summary.crossFile).toMatchObject({ new: 0, cleared: 2, errors: 1, warnings: 2 });
    expect(result.stdout).toContain('(0 new, 2 cleared)');
    expect(crossFindings().some((f) => f.rule === 'X.carry-over')).toBe(false);
  });

  it('an unchanged rerun keeps the same findings, none new and none cleared', async () => {
    const before = crossFindings();
    await run();
    expect(runSummary(out).crossFile).toMatchObject({ new: 0, cleared: 0 });
    expect(crossFindings()).toEqual(before);
  });

  it('drops X.duplicate once the older copy leaves the inbox, and keeps the newest result', async () => {
    fs.rmSync(path.join(inbox, 'enforcement_2022.xlsx'));
    await run();
    expect(runSummary(out).crossFile).toMatchObject({ new: 0, cleared: 1 });
    expect(crossFindings().some((f) => f.rule === 'X.duplicate')).toBe(false);
    expect(readJson(path.join(out, 'cleaned', '2022', `${ENFORCEMENT}.json`)).source.file).toBe('enforcement_2022_修订.xlsx');
  });
});
