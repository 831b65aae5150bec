import { findingKey } from '../../src/model/finding';
import { cellRef, renderMessage, toFinding as placeOn, type Draft, type Place } from '../../src/reconcile/messages';

const PLACE: Place = { agency: '测试局', year: 2020, file: '测试局_2020.xlsx' };
/** A draft placed on the test report. */
const toFinding = (d: Draft, place: Place = PLACE) => placeOn(d, place);
/** A draft's message, as every view renders it. */
const message = (d: Draft): string => renderMessage(toFinding(d));

const draft = (rule: string, rest: Partial<Draft> = {}): Draft =>
  ({ rule, sheet: '表三', cells: ['C9'], expected: null, actual: null, ...rest });

describe('toFinding', () => {
  it('takes the severity from the catalogue and computes the difference', () => {
    const finding = toFinding(draft('T3.row-total', {
      cells: ['H7', 'B7', 'C7'], expected: 5, actual: 6, params: { edition: '2019', row: 'applications.received' },
    }));
    expect(finding).toMatchObject({ rule: 'T3.row-total', severity: 'error', sheet: '表三', cells: ['H7', 'B7', 'C7'],
      expected: 5, actual: 6, difference: 1 });
  });

  it('has no difference unless both values are numbers', () => {
    expect(toFinding(draft('VALUE.unparseable', { actual: '三件', params: { raw: '三件' } })).difference).toBeNull();
  });

  it('throws on an unknown rule id (a programming error)', () => {
    expect(() => toFinding(draft('T9.nonsense'))).toThrow('T9.nonsense');
  });

  it('throws when a rule omits the edition its labels need (when its message is rendered)', () => {
    expect(() => message(draft('T3.balance', { params: { column: 'total' } }))).toThrow('edition');
  });

  it('places the finding on its report: agency, year, file, and no message of its own', () => {
    const finding = toFinding(draft('T3.row-total', {
      fields: ['applications.received.total', 'applications.received.naturalPerson'],
      cells: ['H7', 'B7'], expected: 5, actual: 6, params: { edition: '2019', row: 'applications.received' },
    }));
    expect(finding).toMatchObject({ agency: '测试局', year: 2020, file: '测试局_2020.xlsx',
      fields: ['applications.received.total', 'applications.received.naturalPerson'] });
    expect(finding).not.toHaveProperty('message');
    expect(finding.key).toMatch(/^[0-9a-f]{16}$/);
  });

  it('takes a cell finding\'s field from params.path when the draft names no fields', () => {
    const finding = toFinding(draft('VALUE.unparseable', { params: { edition: '2019', path: 'applications.received.total', raw: 'x' } }));
    expect(finding.fields).toEqual(['applications.received.total']);
    expect(toFinding(draft('T0.edition-superseded', { sheet: null, cells: [], params: { year: 2021 } })).fields).toEqual([]);
  });

  it('keys a finding by rule, agency, year and sorted fields, never cells, sheet, values or file', () => {
    const base = draft('T3.row-total', { fields: ['a.b.total', 'a.b.x'], cells: ['H7', 'B7'], expected: 5, actual: 6,
      params: { edition: '2019', row: 'applications.received' } });
    const key = toFinding(base).key;
    expect(key).toBe(findingKey({ rule: 'T3.row-total', agency: '测试局', year: 2020, fields: ['a.b.x', 'a.b.total'] }));
    expect(toFinding({ ...base, sheet: 'Sheet1', cells: ['Z1', 'Y1'], expected: 50, actual: 60 }).key).toBe(key);
    expect(toFinding({ ...base, fields: ['a.b.x', 'a.b.total'] }).key).toBe(key);
    expect(toFinding(base, { ...PLACE, file: 'inbox/测试局_2020_修订.xlsx' }).key).toBe(key);
    expect(toFinding(base, { ...PLACE, year: 2021 }).key).not.toBe(key);
    expect(toFinding(base, { ...PLACE, agency: '乙局' }).key).not.toBe(key);
    expect(toFinding({ ...base, rule: 'T4.group-total' }).key).not.toBe(key);
    expect(toFinding({ ...base, fields: ['a.b.total'] }).key).not.toBe(key);
  });

  it('tells apart by file the findings of reports whose agency is not known', () => {
    const unknown = (file: string) => toFinding(draft('PARSE.identity', { sheet: null, cells: [], params: { cause: 'identity', missing: '机关名称' } }),
      { agency: null, year: null, file });
    expect(unknown('a.xlsx').key).not.toBe(unknown('b.xlsx').key);
    expect(unknown('a.xlsx').key).toBe(unknown('a.xlsx').key);
  });

  it('tells apart whole-file findings by their cause, and cross-file ones by the other year', () => {
    const parse = (cause: string) => toFinding(draft('PARSE.too-large', { sheet: null, cells: [], params: { cause, reason: '…' } })).key;
    expect(parse('rows')).not.toBe(parse('file-size'));
    const carry = (previousYear: number) => toFinding(draft('X.carry-over', { fields: ['applications.carriedIn.total'],
      params: { edition: '2019', column: 'total', previousYear } })).key;
    expect(carry(2019)).not.toBe(carry(2018));
  });
});

describe('VALUE.* messages', () => {
  it('name the field by edition and path, the cell and the raw text', () => {
    const text = message(draft('VALUE.unparseable', {
      params: { edition: '2019', path: 'applications.results.granted.commercial', raw: '三件' },
    }));
    expect(text).toContain('三、收到和处理政府信息公开申请 (一)予以公开 商业企业(表三!C9)');
    expect(text).toContain('“三件”');
  });

  it('take a ready label instead', () => {
    const text = message(draft('VALUE.non-integer', { params: { label: '行政许可 处理决定数量', raw: '3.5' } }));
    expect(text).toContain('行政许可 处理决定数量(表三!C9)');
    expect(text).toContain('“3.5”');
  });

  it('say what a blank total was filled with, and what an annotated number kept', () => {
    expect(message(draft('VALUE.total-blank', { expected: 7, params: { label: '(一)予以公开 总计' } })))
      .toContain('各分项之和 7');
    const annotated = toFinding(draft('VALUE.annotated', { actual: 22, params: { raw: '22（其中修订16件）', note: '其中修订16件' } }));
    expect(annotated.severity).toBe('warning');
    expect(renderMessage(annotated)).toContain('取数 22');
    expect(renderMessage(annotated)).toContain('其中修订16件');
  });
});

describe('PARSE.* messages', () => {
  it('name the closest mapping and its missing labels', () => {
    const text = message(draft('PARSE.no-mapping', {
      sheet: null, cells: [], params: { closest: 'national-2019', missing: '本年新制作数量、对外公开总数量' },
    }));
    expect(text).toContain('national-2019');
    expect(text).toContain('本年新制作数量、对外公开总数量');
  });

  it('read only the params they are given', () => {
    expect(message(draft('PARSE.unreadable', { sheet: null, cells: [] }))).toBe('文件无法读取');
    expect(message(draft('PARSE.identity', { sheet: null, cells: [], params: { missing: '年度' } })))
      .toContain('无法确定报告的年度');
  });

  it('keep an extra row as a warning with its cell', () => {
    const finding = toFinding(draft('PARSE.extra-row', {
      sheet: '表二', cells: ['A20'], params: { table: '二、主动公开政府信息情况', label: '其他主动公开文件' },
    }));
    expect(finding.severity).toBe('warning');
    expect(renderMessage(finding)).toContain('其他主动公开文件(表二!A20)');
  });
});

describe('cellRef', () => {
  it('writes sheet!A1, quoting a sheet name as Excel does', () => {
    expect(cellRef('表三', 'H7')).toBe('表三!H7');
    expect(cellRef('Sheet 1', 'H7')).toBe("'Sheet 1'!H7");
    expect(cellRef("O'Neil", 'A1')).toBe("'O''Neil'!A1");
    expect(cellRef(null, 'A1')).toBe('A1');
  });
});
