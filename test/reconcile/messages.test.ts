import { cellRef, toFinding, type Draft } from '../../src/reconcile/messages';

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

  it('throws when a rule omits the edition its labels need', () => {
    expect(() => toFinding(draft('T3.balance', { params: { column: 'total' } }))).toThrow('edition');
  });
});

describe('VALUE.* messages', () => {
  it('name the field by edition and path, the cell and the raw text', () => {
    const message = toFinding(draft('VALUE.unparseable', {
      params: { edition: '2019', path: 'applications.results.granted.commercial', raw: '三件' },
    })).message;
    expect(message).toContain('三、收到和处理政府信息公开申请 (一)予以公开 商业企业(表三!C9)');
    expect(message).toContain('“三件”');
  });

  it('take a ready label instead', () => {
    const message = toFinding(draft('VALUE.non-integer', { params: { label: '行政许可 处理决定数量', raw: '3.5' } })).message;
    expect(message).toContain('行政许可 处理决定数量(表三!C9)');
    expect(message).toContain('“3.5”');
  });

  it('say what a blank total was filled with, and what an annotated number kept', () => {
    expect(toFinding(draft('VALUE.total-blank', { expected: 7, params: { label: '(一)予以公开 总计' } })).message)
      .toContain('各分项之和 7');
    const annotated = toFinding(draft('VALUE.annotated', { actual: 22, params: { raw: '22（其中修订16件）', note: '其中修订16件' } }));
    expect(annotated.severity).toBe('warning');
    expect(annotated.message).toContain('取数 22');
    expect(annotated.message).toContain('其中修订16件');
  });
});

describe('PARSE.* messages', () => {
  it('name the closest mapping and its missing labels', () => {
    const message = toFinding(draft('PARSE.no-mapping', {
      sheet: null, cells: [], params: { closest: 'national-2019', missing: '本年新制作数量、对外公开总数量' },
    })).message;
    expect(message).toContain('national-2019');
    expect(message).toContain('本年新制作数量、对外公开总数量');
  });

  it('read only the params they are given', () => {
    expect(toFinding(draft('PARSE.unreadable', { sheet: null, cells: [] })).message).toBe('文件无法读取');
    expect(toFinding(draft('PARSE.identity', { sheet: null, cells: [], params: { missing: '年度' } })).message)
      .toContain('无法确定报告的年度');
  });

  it('keep an extra row as a warning with its cell', () => {
    const finding = toFinding(draft('PARSE.extra-row', {
      sheet: '表二', cells: ['A20'], params: { table: '二、主动公开政府信息情况', label: '其他主动公开文件' },
    }));
    expect(finding.severity).toBe('warning');
    expect(finding.message).toContain('其他主动公开文件(表二!A20)');
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
