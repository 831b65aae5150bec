/**
 * Feedback workbooks on demand, end to end: `nianbao run` over the samples writes none; the
 * desk (`nianbao serve` as a child process) makes one agency-year's workbook on the first
 * download and gives the same bytes again until a decision changes its findings, and the
 * overview's zip holds the workbook of every agency with open findings.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { unzipSync } from 'fflate';
import { safeName } from '../src/store';
import { excelSheetName } from '../src/views/feedback/convert';
import { FILL, LIST_HEADER_ROWS, LIST_SHEET } from '../src/views/feedback/workbook';
import { ROOT, removeDir, runCli, spawnCli, tempDir, type CliProcess } from './helpers/cli';

interface JsonFinding { key: string; rule: string; severity: 'error' | 'warning'; state: string; agency: string | null; year: number | null; sheet: string | null; cells: string[]; message: string }

const dir = tempDir('nianbao-desk-feedback-');
const out = path.join(dir, 'out');
const AGENCY = '枣庄市市中区卫生健康局';
let server: CliProcess;
let base = '';

const openFindings = async (year: number): Promise<JsonFinding[]> =>
  (JSON.parse((await runCli(['review', '--out', out, '--json', '--year', String(year)])).stdout) as JsonFinding[])
    .filter((f) => f.agency !== null && (f.state === 'open' || f.state === 'lapsed'));
const download = async (url: string): Promise<{ status: number; type: string | null; disposition: string | null; bytes: Buffer }> => {
  const res = await fetch(`${base}${url}`);
  return { status: res.status, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition'), bytes: Buffer.from(await res.arrayBuffer()) };
};
const book = async (bytes: Buffer): Promise<ExcelJS.Workbook> => {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook;
};
const noteOf = (cell: ExcelJS.Cell): string => (typeof cell.note === 'string' ? cell.note : (cell.note?.texts ?? []).map((t) => t.text).join(''));
const listed = (workbook: ExcelJS.Workbook): string[] => {
  const sheet = workbook.getWorksheet(LIST_SHEET)!;
  const messages: string[] = [];
  for (let r = LIST_HEADER_ROWS + 2; sheet.getRow(r).getCell(4).value; r++) messages.push(String(sheet.getRow(r).getCell(4).value));
  return messages;
};
const feedbackUrl = `/feedback/2022/${encodeURIComponent(AGENCY)}`;

beforeAll(async () => {
  expect((await runCli(['run', '--inbox', path.join(ROOT, 'samples', 'inbox'), '--out', out, '--jobs', '2'])).code).toBe(0);
  server = spawnCli(['serve', '--out', out, '--port', '0']);
  for (let i = 0; i < 200 && !/http:\/\/\S+\//.test(server.stdout); i++) await new Promise((r) => setTimeout(r, 50));
  base = /(http:\/\/\S+)\//.exec(server.stdout)?.[1] ?? '';
  if (!base) throw new Error(`serve did not start: ${server.stderr}`);
}, 120_000);
afterAll(async () => {
  server?.child.kill('SIGTERM');
  await server?.done;
  removeDir(dir);
});

test('a run writes no feedback workbook', () => {
  expect(fs.existsSync(path.join(out, 'feedback'))).toBe(false);
});

test('下载反馈表 gives the agency-year\'s workbook, its open findings\' cells filled and commented, made once until a decision changes them', async () => {
  const page = await (await fetch(`${base}/agency/2022/${encodeURIComponent(AGENCY)}`)).text();
  expect(page).toContain(`href="${feedbackUrl}"`);
  expect(page).toContain('下载反馈表');

  const open = (await openFindings(2022)).filter((f) => f.agency === AGENCY);
  expect(open.filter((f) => f.rule === 'T3.balance').length).toBeGreaterThanOrEqual(2);
  const first = await download(feedbackUrl);
  expect(first.status).toBe(200);
  expect(first.type).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  expect(first.disposition).toContain(`filename*=UTF-8''${encodeURIComponent(`${AGENCY}2022年反馈表.xlsx`)}`);
  const workbook = await book(first.bytes);
  expect(workbook.worksheets[0].name).toBe(LIST_SHEET);
  const inCopy = (f: JsonFinding) => (f.sheet === null ? f.message : f.message.split(f.sheet).join(excelSheetName(f.sheet)));
  expect(listed(workbook).sort()).toEqual(open.map(inCopy).sort());
  for (const f of open.filter((x) => x.sheet !== null)) {
    for (const address of f.cells) {
      const cell = workbook.getWorksheet(excelSheetName(f.sheet!))!.getCell(address);
      expect(noteOf(cell)).toContain(inCopy(f));
      expect(cell.fill?.type === 'pattern' ? cell.fill.fgColor?.argb : undefined).toBe(f.severity === 'error' ? FILL.error : FILL.warning);
    }
  }
  // Published where `nianbao feedback` puts it, and given again as it is.
  const file = path.join(out, 'feedback', '2022', `${safeName(AGENCY)}.xlsx`);
  expect(fs.readFileSync(file).equals(first.bytes)).toBe(true);
  const madeAt = fs.statSync(file).mtimeMs;
  const second = await download(feedbackUrl);
  expect(second.bytes.equals(first.bytes)).toBe(true);
  expect(fs.statSync(file).mtimeMs).toBe(madeAt);

  // A decision takes its finding off the list: the next download is made again without it.
  const [explained, ...rest] = open;
  expect((await runCli(['decide', explained.key, '--explained', '--reason', '经核实无误', '--by', '测试', '--out', out])).code).toBe(0);
  const third = await download(feedbackUrl);
  expect(third.bytes.equals(first.bytes)).toBe(false);
  expect(listed(await book(third.bytes)).sort()).toEqual(rest.map(inCopy).sort());
});

test('an agency-year with nothing open has no workbook to download', async () => {
  const res = await download(`/feedback/2022/${encodeURIComponent('枣庄市市中区财政局')}`);
  expect(res.status).toBe(404);
  expect(res.bytes.toString('utf8')).toContain('没有待处理的问题');
});

test('the overview\'s zip holds the workbook of every agency with open findings that year, and nothing else', async () => {
  const overview = await (await fetch(`${base}/?year=2022`)).text();
  expect(overview).toContain('href="/feedback.zip?year=2022"');
  const zip = await download('/feedback.zip?year=2022');
  expect(zip.status).toBe(200);
  expect(zip.type).toBe('application/zip');
  const entries = unzipSync(new Uint8Array(zip.bytes));
  const agencies = [...new Set((await openFindings(2022)).map((f) => f.agency!))];
  expect(agencies.length).toBeGreaterThan(3);
  expect(Object.keys(entries).sort()).toEqual(agencies.map((a) => `2022/${safeName(a)}.xlsx`).sort());
  for (const agency of agencies) {
    const workbook = await book(Buffer.from(entries[`2022/${safeName(agency)}.xlsx`]));
    expect(String(workbook.getWorksheet(LIST_SHEET)!.getCell('A1').value)).toBe(`${agency} 2022 年政府信息公开工作年度报告 问题清单`);
  }
  // The agency-year downloaded before is in it as it was published.
  expect(Buffer.from(entries[`2022/${safeName(AGENCY)}.xlsx`]).equals(fs.readFileSync(path.join(out, 'feedback', '2022', `${safeName(AGENCY)}.xlsx`)))).toBe(true);
});
