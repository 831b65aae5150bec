import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as XLSX from 'xlsx';
import type { StatedFinding } from '../src/model/finding';
import { summarize, type FileEntry } from '../src/pipeline/summary';
import { renderFindings } from '../src/cli/review';
import { copyAtomic, sweepTemporaryFiles, writeJson } from '../src/store/atomic';
import { CSV_START, csvCell, displayWidth, summaryText, toCsvLine, toJsonLine } from '../src/store/formats';
import { loadMappings } from '../src/read/mappings';
import { SEED } from '../scripts/layouts';
import { makeInbox, removeDir, runCli, runSummary, tempDir as cliTempDir, workbookBytes } from './helpers/cli';

/** A T4.group-total finding (its message names the group's label and cells). */
const finding = (over: Partial<StatedFinding> = {}): StatedFinding => ({
  rule: 'T4.group-total',
  severity: 'error',
  key: '0123456789abcdef',
  fields: ['reviewLitigation.reconsideration.total', 'reviewLitigation.reconsideration.upheld'],
  sheet: '年报',
  cells: ['J27', 'D27'],
  expected: 5,
  actual: 6,
  difference: 1,
  params: { edition: '2021', row: 'reviewLitigation.reconsideration' },
  file: 'a.xlsx',
  agency: '某局',
  year: 2021,
  state: 'open',
  decision: null,
  ...over,
});

describe('discrepancy formats', () => {
  test('a JSONL line is one finding with its file, agency and year', () => {
    const line = toJsonLine(finding());
    expect(line.endsWith('\n')).toBe(true);
    expect(JSON.parse(line)).toMatchObject({ rule: 'T4.group-total', key: '0123456789abcdef', state: 'open', file: 'a.xlsx', agency: '某局', year: 2021, cells: ['J27', 'D27'], message: expect.stringContaining('行政复议') });
  });

  test('the CSV starts with a BOM and Chinese headers so Excel reads it', () => {
    expect(CSV_START.startsWith('\ufeff文件,机关,年度,规则')).toBe(true);
  });

  test('text cells Excel would run as formulas are neutralised, numbers written as numbers, quotes escaped', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-1')).toBe('-1');
    expect(csvCell(-3.5)).toBe('-3.5');
    expect(csvCell('-3.5')).toBe('-3.5');
    expect(csvCell('-1+2')).toBe("'-1+2");
    expect(csvCell('-')).toBe("'-");
    expect(csvCell('\t-1')).toBe("'\t-1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('减1')).toBe('减1');
    expect(csvCell(null)).toBe('');
  });

  test('a CSV line has the findings columns, a negative difference a number', () => {
    const line = toCsvLine(finding({ difference: -1 }));
    expect(line).toMatch(/^a\.xlsx,某局,2021,T4\.group-total,error,待处理,年报,J27 D27,5,6,-1,.*行政复议.*,0123456789abcdef\r\n$/);
  });

  test('summary.json gives each file of the run a line of its own, and reads back as the summary', () => {
    const entry = (file: string) => ({ file, status: 'skipped', agency: '某局', year: 2021, errors: 0, warnings: 0, reason: '文件未变，沿用上次结果', durationMs: 0 });
    const summary = { runId: 'r1', counts: { files: 3 }, files: [entry('a.xlsx'), entry('换行\n"引号".xlsx'), entry('c.csv')] };
    const text = summaryText(summary);
    expect(JSON.parse(text)).toEqual(summary);
    const lines = text.split('\n');
    expect(lines.filter((line) => line.startsWith('    {"file":'))).toHaveLength(3);
    expect(lines[1]).toBe('  "runId": "r1",');
    expect(JSON.parse(summaryText({ ...summary, files: [] }))).toEqual({ ...summary, files: [] });
    expect(JSON.parse(summaryText({ runId: 'killed', findings: 2 }))).toEqual({ runId: 'killed', findings: 2 });
  });

  test('CJK characters are two columns wide in the terminal table', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('总计')).toBe(4);
  });
});

describe('review', () => {
  test('errors first, each with its state and cell', () => {
    const findings = [finding({ severity: 'warning', rule: 'T0.edition-superseded', cells: [], sheet: null, params: { year: 2021 } }), finding()];
    const table = renderFindings(findings.slice(0, 2)).split('\n');
    expect(table[2]).toContain('错误');
    expect(table[2]).toContain('年报!J27');
    expect(table[2]).toContain('待处理');
    expect(table[3]).toContain('提示');
  });

  test('says so when there is nothing to review', () => {
    expect(renderFindings([])).toBe('没有发现问题。\n');
  });
});

describe('run summary', () => {
  test('counts are derived from the entries', () => {
    const entry = (over: Partial<FileEntry>): FileEntry => ({ file: 'x', status: 'imported', agency: null, year: null, errors: 0, warnings: 0, durationMs: 1, ...over });
    const summary = summarize(
      { runId: 'r', command: 'run', startedAt: '', finishedAt: '', inbox: null, out: 'out', jobs: 1, interrupted: false },
      [entry({ result: 'clean', warnings: 1 }), entry({ result: 'discrepancies', errors: 2 }), entry({ status: 'rejected', errors: 1 }), entry({ status: 'skipped' })],
      { findings: 0, errors: 0, warnings: 0, new: 0, cleared: 0 },
      [{ state: 'open' }, { state: 'open' }, { state: 'explained' }, { state: 'lapsed' }],
    );
    expect(summary.counts).toEqual({ files: 4, imported: 2, rejected: 1, skipped: 1, failed: 0, clean: 1, discrepancies: 1, errors: 3, warnings: 1 });
    expect(summary.states).toEqual({ open: 2, explained: 1, 'false-positive': 0, lapsed: 1 });
  });
});

describe('atomic writes', () => {
  test('a leftover temporary file of a killed write is swept, results are kept', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-atomic-'));
    writeJson(path.join(dir, 'cleaned', '2021', 'a.json'), { a: 1 });
    fs.writeFileSync(path.join(dir, 'cleaned', '2021', 'b.json.123456'), '{"half');
    const removed = sweepTemporaryFiles(dir);
    expect(removed.map((f) => path.basename(f))).toEqual(['b.json.123456']);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'cleaned', '2021', 'a.json'), 'utf8'))).toEqual({ a: 1 });
  });

  test('a quarantined copy whose own name ends in .<number> is kept; the temporary files beside it are swept', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-atomic-'));
    const quarantine = path.join(dir, 'quarantine');
    fs.mkdirSync(quarantine);
    const copy = path.join(quarantine, '0a1b2c3d-财政局年报.2021');
    copyAtomic(path.join(__dirname, '..', 'package.json'), copy);
    fs.writeFileSync(path.join(quarantine, '.0a1b2c3d-报告.xlsx.copying'), 'half a copy');
    fs.writeFileSync(path.join(quarantine, '0a1b2c3d-报告.xlsx.reason.json.123456'), '{"half');
    const removed = sweepTemporaryFiles(dir, [quarantine]);
    expect(removed.map((f) => path.basename(f)).sort()).toEqual(['.0a1b2c3d-报告.xlsx.copying', '0a1b2c3d-报告.xlsx.reason.json.123456']);
    expect(fs.readdirSync(quarantine)).toEqual(['0a1b2c3d-财政局年报.2021']);
  });
});

describe('dependencies and mappings', () => {
  test('SheetJS is 0.20.3 (0.18.5 has CVE-2023-30533 and CVE-2024-22363)', () => {
    expect(XLSX.version).toBe('0.20.3');
  });

  test('the bundled mappings are valid; a mapping with an unknown key is named with its problem', () => {
    expect(loadMappings('mappings').invalid).toEqual([]);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-mappings-'));
    fs.writeFileSync(path.join(dir, 'bad.yaml'), 'name: bad\nedition: "2021"\ndescription: x\ntables:\n  - model: p5\n    rows: { licensing: [行政许可] }\n    columns: { made: [本年新制作数量] }\n');
    const { invalid } = loadMappings(dir);
    expect(invalid).toHaveLength(1);
    expect(invalid[0].problems.join()).toContain('unknown column "made"');
  });
});

describe("the output folder's faults are nianbao's, never the department's file", () => {
  const root = cliTempDir('nianbao-own-fault-');
  afterAll(() => removeDir(root));

  test('an original that can not be kept under originals/ is WRITE.failed, and the next run imports the file', async () => {
    const bytes = workbookBytes(SEED);
    const inbox = makeInbox(path.join(root, 'inbox'), { 'seed.xlsx': bytes });
    const out = path.join(root, 'out');
    // A folder where the original should go: renaming the written copy over it fails (EISDIR), as a failing disk would.
    const blocked = path.join(out, 'originals', crypto.createHash('sha256').update(bytes).digest('hex'));
    fs.mkdirSync(path.join(blocked, 'in-the-way'), { recursive: true });
    expect((await runCli(['run', '--inbox', inbox, '--out', out])).code).toBe(0);
    // The summary's line names the output that failed.
    expect(runSummary(out).files.map((f) => [f.file, f.status, f.rule, f.detail])).toEqual([['seed.xlsx', 'skipped', 'WRITE.failed', `EISDIR ${blocked}`]]);
    fs.rmSync(blocked, { recursive: true });
    expect((await runCli(['run', '--inbox', inbox, '--out', out])).code).toBe(0);
    expect(runSummary(out).files.map((f) => [f.file, f.status])).toEqual([['seed.xlsx', 'imported']]);
  });
});
