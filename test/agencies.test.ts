/**
 * resolveAgencyName: what a name an operator types means, in the roster's order (canonical
 * name, alias, normalized form, a unique part), and what it says when it means none or
 * several. The CLI and the desk use it (test/names.test.ts, test/desk.test.ts).
 */
import { defaultDeadline, resolveAgencyName, type NamedAgency } from '../src/model/agencies';

const ROSTER: NamedAgency[] = [
  { name: '枣庄市市中区人民政府', aliases: ['市中区政府'] },
  { name: '枣庄市市中区卫生健康局', aliases: ['市中区卫健局'] },
  { name: '枣庄市市中区财政局', aliases: [] },
  { name: '枣庄市市中区人民政府办公室（区政府研究室）', aliases: [] },
  { name: '枣庄市市中区矿区街道办事处', aliases: [] },
  { name: '枣庄市市中区光明路街道办事处', aliases: [] },
];

describe('resolveAgencyName', () => {
  it.each([
    ['枣庄市市中区财政局', '枣庄市市中区财政局', 'name'],
    [' 枣庄市市中区财政局 ', '枣庄市市中区财政局', 'name'],
    ['市中区卫健局', '枣庄市市中区卫生健康局', 'alias'],
    ['枣庄市市中区人民政府办公室(区政府研究室)', '枣庄市市中区人民政府办公室（区政府研究室）', 'normalized'],
    ['枣庄市 市中区财政局', '枣庄市市中区财政局', 'normalized'],
    ['卫生健康局', '枣庄市市中区卫生健康局', 'partial'],
    ['卫健局', '枣庄市市中区卫生健康局', 'partial'],
    ['区政府研究室)', '枣庄市市中区人民政府办公室（区政府研究室）', 'partial'],
  ])('%s is %s (%s)', (typed, agency, via) => {
    expect(resolveAgencyName(ROSTER, typed)).toEqual({ kind: 'found', agency, via });
  });

  it('a whole name wins over the agencies whose names contain it', () => {
    // 枣庄市市中区人民政府 is also a part of its office's name.
    expect(resolveAgencyName(ROSTER, '枣庄市市中区人民政府')).toEqual({ kind: 'found', agency: '枣庄市市中区人民政府', via: 'name' });
  });

  it('a part several agencies have lists them all, in roster order', () => {
    expect(resolveAgencyName(ROSTER, '街道办事处')).toEqual({ kind: 'ambiguous', candidates: ['枣庄市市中区矿区街道办事处', '枣庄市市中区光明路街道办事处'] });
  });

  it('a name none has gives the closest names, most alike first, or none when nothing is alike', () => {
    expect(resolveAgencyName(ROSTER, '卫生局')).toEqual({ kind: 'unknown', closest: ['枣庄市市中区卫生健康局'] });
    expect(resolveAgencyName(ROSTER, '光明街道')).toEqual({ kind: 'unknown', closest: ['枣庄市市中区光明路街道办事处', '枣庄市市中区矿区街道办事处'] });
    expect(resolveAgencyName(ROSTER, '公安局')).toEqual({ kind: 'unknown', closest: [] });
    expect(resolveAgencyName(ROSTER, '  ')).toEqual({ kind: 'unknown', closest: [] });
  });
});

describe('defaultDeadline', () => {
  it('is 03-31 for a region (members), 01-31 for a department, and an entry\'s own date wins', () => {
    expect(defaultDeadline({ members: ['甲局'] })).toBe('03-31');
    expect(defaultDeadline({})).toBe('01-31');
    expect(defaultDeadline({ members: [] })).toBe('01-31');
    expect(defaultDeadline({ members: ['甲局'], deadline: '04-15' })).toBe('04-15');
  });
});
