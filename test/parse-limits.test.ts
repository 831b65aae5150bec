/**
 * The parsing threads' limits, end to end: a file that runs out of a thread's memory or past
 * the time limit is rejected with its rule, and the files the same thread held after it
 * (a thread holds a few at once) are parsed again on a new thread and imported, not blamed.
 */
import path from 'node:path';
import * as XLSX from 'xlsx';
import { makeInbox, removeDir, runCli, runSummary, seedAs, tempDir, workbookBytes } from './helpers/cli';

/** A workbook of 480,000 text cells (no report in it): seconds to parse, hundreds of MB of heap. */
function hugeWorkbook(): Buffer {
  const rows = Array.from({ length: 4000 }, (_, r) => Array.from({ length: 120 }, (_, c) => `单元格${r}-${c}`));
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), '年报');
  return XLSX.write(wb, { bookType: 'xlsx', type: 'buffer' }) as Buffer;
}

describe('a file past a parsing thread\'s limits, among others', () => {
  const root = tempDir('nianbao-parse-limits-');
  const inbox = path.join(root, 'inbox');
  afterAll(() => removeDir(root));

  beforeAll(() => {
    // In file order: the huge one second, so the thread holds the next ones behind it.
    makeInbox(inbox, {
      'a.xlsx': workbookBytes(seedAs('枣庄市市中区第1测试局')),
      'b-huge.xlsx': hugeWorkbook(),
      ...Object.fromEntries(['c', 'd', 'e'].map((name, i) => [`${name}.xlsx`, workbookBytes(seedAs(`枣庄市市中区第${i + 2}测试局`))])),
    });
  });

  const statuses = (out: string) => Object.fromEntries(runSummary(out).files.map((f) => [f.file, `${f.status} ${f.rule ?? ''}`.trim()]));

  it.each([
    ['memory', ['--worker-memory-mb', '64'], 'PARSE.too-large'],
    ['time', ['--timeout', '1'], 'PARSE.timeout'],
  ])('out of %s: rejected with its rule, the others imported', async (_, limit, rule) => {
    const out = path.join(root, `out-${rule}`);
    const result = await runCli(['run', '--inbox', inbox, '--out', out, '--jobs', '1', ...limit]);
    expect(result.code).toBe(0);
    expect(statuses(out)).toEqual({ 'a.xlsx': 'imported', 'b-huge.xlsx': `rejected ${rule}`, 'c.xlsx': 'imported', 'd.xlsx': 'imported', 'e.xlsx': 'imported' });
  }, 120_000);
});
