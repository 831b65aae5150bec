import { renderMessage } from '../../../src/reconcile/messages';
import { duplicateFindings, pickNewest } from '../../../src/reconcile/cross/duplicates';

const submission = (file: string, mtimeMs: number, agency = '甲局', year = 2021) => ({ file, mtimeMs, agency, year });

describe('pickNewest', () => {
  it('keeps a lone submission, with no finding', () => {
    const picked = pickNewest([submission('甲局_2021.xlsx', 1)]);
    expect(picked.kept.map((s) => s.file)).toEqual(['甲局_2021.xlsx']);
    expect(picked.duplicates).toEqual([]);
  });

  it('keeps the newest by mtime, and names it and the others in an X.duplicate warning', () => {
    const picked = pickNewest([
      submission('inbox/甲局_2021.xlsx', 3000),
      submission('inbox/甲局_2021_修订.xlsx', 5000),
      submission('inbox/甲局2021.csv', 1000),
    ]);
    expect(picked.kept.map((s) => s.file)).toEqual(['inbox/甲局_2021_修订.xlsx']);
    expect(picked.duplicates).toHaveLength(1);
    expect(picked.duplicates[0].others.map((s) => s.file)).toEqual(['inbox/甲局_2021.xlsx', 'inbox/甲局2021.csv']);
    const [finding] = duplicateFindings(picked);
    expect(finding).toMatchObject({
      rule: 'X.duplicate', severity: 'warning', sheet: null, cells: [],
      file: 'inbox/甲局_2021_修订.xlsx', agency: '甲局', year: 2021,
    });
    expect(renderMessage(finding)).toBe('同一机关同一年度有多份报告：采用最新的 inbox/甲局_2021_修订.xlsx，'
      + '其余已保留：inbox/甲局_2021.xlsx、inbox/甲局2021.csv');
  });

  it('breaks a tie in mtime by the later file name, whatever the input order', () => {
    const a = submission('x/report_v1.xlsx', 1000);
    const b = submission('y/report_v2.xlsx', 1000);
    expect(pickNewest([a, b]).kept).toEqual([b]);
    expect(pickNewest([b, a]).kept).toEqual([b]);
  });

  it('picks per agency and year, in year then agency order', () => {
    const picked = pickNewest([
      submission('乙_2021.xlsx', 1, '乙局'),
      submission('甲_2021.xlsx', 1, '甲局'),
      submission('甲_2020.xlsx', 1, '甲局', 2020),
      submission('甲_2021b.xlsx', 2, '甲局'),
    ]);
    expect(picked.kept.map((s) => s.file)).toEqual(['甲_2020.xlsx', '乙_2021.xlsx', '甲_2021b.xlsx']);
    expect(picked.duplicates.map((d) => [d.agency, d.year, d.kept.file])).toEqual([['甲局', 2021, '甲_2021b.xlsx']]);
  });
});
