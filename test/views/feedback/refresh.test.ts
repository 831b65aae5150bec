import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { refreshFeedback, writeFeedback, LIST_SHEET } from '../../../src/views/feedback';
import { makeCleaned } from '../../reconcile/cross/cleaned-fixture';
import { fakeStore } from '../fake-store';
import { stated } from '../finding-fixture';

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-feedback-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const jia = makeCleaned('2021', { agency: '甲局', year: 2022 });
const yi = makeCleaned('2021', { agency: '乙局', year: 2022 });
const open = stated({ rule: 'T0.edition-superseded', severity: 'warning', agency: '甲局', year: 2022, params: { year: 2022 } });
const decided = stated({ rule: 'T0.edition-superseded', severity: 'warning', agency: '乙局', year: 2022, params: { year: 2022 }, state: 'false-positive' });
const listRows = async (file: string): Promise<number> => {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  return workbook.getWorksheet(LIST_SHEET)!.rowCount;
};

describe('refreshFeedback', () => {
  it('writes the touched agency-years with open findings once each, and removes those with none open', async () => {
    const store = fakeStore(dir, { reports: [jia, yi], findings: [open, decided] });
    // A workbook from before 乙局's finding was decided.
    const stale = store.publishDocument('feedback', 2022, '乙局', 'xlsx', 'old');
    const result = await refreshFeedback(store, [{ agency: '甲局', year: 2022 }, { agency: '乙局', year: 2022 }, { agency: '甲局', year: 2022 }], '2026-02-03');
    expect(result.written.map((p) => path.relative(dir, p))).toEqual([path.join('feedback', '2022', '甲局.xlsx')]);
    expect(result.removed).toEqual([{ agency: '乙局', year: 2022 }]);
    expect(fs.existsSync(stale)).toBe(false);
    // The original was not kept: the list alone, one finding under the header.
    expect(await listRows(result.written[0])).toBe(6);
  });

  it('writeFeedback covers every agency-year of the filter', async () => {
    const store = fakeStore(dir, { reports: [jia, yi], findings: [open, decided] });
    expect((await writeFeedback(store, { agency: '乙局' }, '2026-02-03')).written).toEqual([]);
    expect((await writeFeedback(store, { year: 2022 }, '2026-02-03')).written).toHaveLength(1);
  });
});
