import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { feedbackFor, writeFeedback, LIST_SHEET } from '../../../src/views/feedback';
import type { StatedFinding } from '../../../src/model/finding';
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

describe('writeFeedback', () => {
  it('makes the agency-years with open findings, removes those with none open, and keeps what did not change', async () => {
    const store = fakeStore(dir, { reports: [jia, yi], findings: [open, decided] });
    // A workbook from before 乙局's finding was decided.
    const stale = store.publishDocument('feedback', 2022, '乙局', 'xlsx', 'old');
    const first = await writeFeedback(store, { year: 2022 }, '2026-02-03');
    expect(first.written.map((p) => path.relative(dir, p))).toEqual([path.join('feedback', '2022', '甲局.xlsx')]);
    expect(first.removed).toEqual([{ agency: '乙局', year: 2022 }]);
    expect(fs.existsSync(stale)).toBe(false);
    // The original was not kept: the list alone, one finding under the header.
    expect(await listRows(first.written[0])).toBe(6);

    const second = await writeFeedback(store, { year: 2022 }, '2026-02-04');
    expect(second).toEqual({ written: [], kept: first.written, removed: [], lost: [] });
    expect((await writeFeedback(store, { agency: '乙局' }, '2026-02-03')).written).toEqual([]);
  });
});

describe('feedbackFor', () => {
  const findings: StatedFinding[] = [open];
  const store = () => fakeStore(dir, { reports: [jia], findings });

  it('gives the published workbook again, byte for byte, until the open findings or their states change', async () => {
    const made = (await feedbackFor(store(), '甲局', 2022, '2026-02-03'))!;
    expect(made.made).toBe(true);
    const again = (await feedbackFor(store(), '甲局', 2022, '2026-02-05'))!;
    expect(again.made).toBe(false);
    expect(again.bytes.equals(made.bytes)).toBe(true);

    // The same finding, lapsed (decided on other values): its state is part of what the workbook shows.
    findings[0] = { ...open, state: 'lapsed', decision: { key: open.key, decision: 'explained', reason: '已核实', by: '张三', at: '2026-02-04T09:00:00+08:00', on: { expected: 1, actual: 2, sha256: null } } };
    const lapsed = (await feedbackFor(store(), '甲局', 2022, '2026-02-05'))!;
    expect(lapsed.made).toBe(true);
    expect(fs.readFileSync(lapsed.file).equals(lapsed.bytes)).toBe(true);
    findings[0] = open;
  });

  it('makes it again when the published file is damaged, and gives none without open findings', async () => {
    const made = (await feedbackFor(store(), '甲局', 2022, '2026-02-03'))!;
    fs.writeFileSync(made.file, made.bytes.subarray(0, 100));
    expect((await feedbackFor(store(), '甲局', 2022, '2026-02-03'))!.made).toBe(true);
    expect(await feedbackFor(store(), '乙局', 2022, '2026-02-03')).toBeNull();
  });
});
