import { draftOf, type ReadCause } from '../../src/model/draft';
import { findingKey } from '../../src/model/finding';
import { toFinding as placeOn, type Place } from '../../src/reconcile/finding';
import { cellRef, renderMessage, type Draft, type DraftOf, type RuleId, type RuleParams } from '../../src/reconcile/messages';

const PLACE: Place = { agency: '测试局', year: 2020, file: '测试局_2020.xlsx' };
/** A draft placed on the test report. */
const toFinding = <R extends RuleId>(d: DraftOf<R>, place: Place = PLACE) => placeOn(draftOf(d), place);
/** A draft's message, as every view renders it. */
const message = <R extends RuleId>(d: DraftOf<R>): string => renderMessage(toFinding(d));

/** A draft of `rule` with the params that rule requires, on 表三!C9 unless `rest` says otherwise. */
const draft = <R extends RuleId>(rule: R, params: RuleParams[R], rest: Partial<Omit<DraftOf<R>, 'rule' | 'params'>> = {}): DraftOf<R> =>
  ({ rule, sheet: '表三', cells: ['C9'], expected: null, actual: null, ...rest, params });

type TooLargeCause = RuleParams['PARSE.too-large']['cause'];

describe('toFinding', () => {
  it('takes the severity from the catalogue and computes the difference', () => {
    const finding = toFinding(draft('T3.row-total', { edition: '2019', row: 'applications.received' }, {
      cells: ['H7', 'B7', 'C7'], expected: 5, actual: 6,
    }));
    expect(finding).toMatchObject({ rule: 'T3.row-total', severity: 'error', sheet: '表三', cells: ['H7', 'B7', 'C7'],
      expected: 5, actual: 6, difference: 1 });
  });

  it('has no difference unless both values are numbers', () => {
    expect(toFinding(draft('VALUE.unparseable', { edition: '2019', path: 'applications.received.total', raw: '三件' }, { actual: '三件' }))
      .difference).toBeNull();
  });

  it('throws on an unknown rule id (a programming error)', () => {
    // Not a RuleId: only a cast gets it past the compiler.
    const nonsense = { ...draft('T0.edition-superseded', { year: 2021 }), rule: 'T9.nonsense' } as unknown as Draft;
    expect(() => placeOn(nonsense, PLACE)).toThrow('T9.nonsense');
  });

  it('throws when a rule omits the edition its labels need (when its message is rendered)', () => {
    // The type requires the edition (params-typing.test.ts); a draft cast past it still fails loudly.
    const withoutEdition = { column: 'total', received: 1, carriedIn: 0, resultsTotal: 1, carriedForward: 0 } as RuleParams['T3.balance'];
    expect(() => message(draft('T3.balance', withoutEdition))).toThrow('edition');
  });

  it('places the finding on its report: agency, year, file, and no message of its own', () => {
    const finding = toFinding(draft('T3.row-total', { edition: '2019', row: 'applications.received' }, {
      fields: ['applications.received.total', 'applications.received.naturalPerson'],
      cells: ['H7', 'B7'], expected: 5, actual: 6,
    }));
    expect(finding).toMatchObject({ agency: '测试局', year: 2020, file: '测试局_2020.xlsx',
      fields: ['applications.received.total', 'applications.received.naturalPerson'] });
    expect(finding).not.toHaveProperty('message');
    expect(finding.key).toMatch(/^[0-9a-f]{16}$/);
  });

  it('takes a cell finding\'s field from params.path when the draft names no fields', () => {
    const finding = toFinding(draft('VALUE.unparseable', { edition: '2019', path: 'applications.received.total', raw: 'x' }));
    expect(finding.fields).toEqual(['applications.received.total']);
    expect(toFinding(draft('T0.edition-superseded', { year: 2021 }, { sheet: null, cells: [] })).fields).toEqual([]);
  });

  it('keys a finding by rule, agency, year and sorted fields, never cells, sheet, values or file', () => {
    const base = draft('T3.row-total', { edition: '2019', row: 'applications.received' },
      { fields: ['a.b.total', 'a.b.x'], cells: ['H7', 'B7'], expected: 5, actual: 6 });
    const key = toFinding(base).key;
    expect(key).toBe(findingKey({ rule: 'T3.row-total', agency: '测试局', year: 2020, fields: ['a.b.x', 'a.b.total'] }));
    expect(toFinding({ ...base, sheet: 'Sheet1', cells: ['Z1', 'Y1'], expected: 50, actual: 60 }).key).toBe(key);
    expect(toFinding({ ...base, fields: ['a.b.x', 'a.b.total'] }).key).toBe(key);
    expect(toFinding(base, { ...PLACE, file: 'inbox/测试局_2020_修订.xlsx' }).key).toBe(key);
    expect(toFinding(base, { ...PLACE, year: 2021 }).key).not.toBe(key);
    expect(toFinding(base, { ...PLACE, agency: '乙局' }).key).not.toBe(key);
    expect(toFinding<'T4.group-total'>({ ...base, rule: 'T4.group-total' }).key).not.toBe(key);
    expect(toFinding({ ...base, fields: ['a.b.total'] }).key).not.toBe(key);
  });

  it('tells apart by file the findings of reports whose agency is not known', () => {
    const unknown = (file: string) => toFinding(draft('PARSE.identity', { cause: 'identity', missing: '机关名称' }, { sheet: null, cells: [] }),
      { agency: null, year: null, file });
    expect(unknown('a.xlsx').key).not.toBe(unknown('b.xlsx').key);
    expect(unknown('a.xlsx').key).toBe(unknown('a.xlsx').key);
  });

  it('tells apart whole-file findings by their cause, and cross-file ones by the other year', () => {
    const parse = (cause: TooLargeCause) => toFinding(draft('PARSE.too-large', { cause, reason: '…' }, { sheet: null, cells: [] })).key;
    expect(parse('rows')).not.toBe(parse('file-size'));
    const carry = (previousYear: number) => toFinding(draft('X.carry-over',
      { edition: '2019', column: 'total', year: 2020, file: '测试局_2020.xlsx', previousYear, otherFile: `测试局_${previousYear}.xlsx` },
      { fields: ['applications.carriedIn.total'] })).key;
    expect(carry(2019)).not.toBe(carry(2018));
  });
});

describe('VALUE.* messages', () => {
  it('name the field by edition and path, the cell and the raw text', () => {
    const text = message(draft('VALUE.unparseable', { edition: '2019', path: 'applications.results.granted.commercial', raw: '三件' }));
    expect(text).toContain('三、收到和处理政府信息公开申请 (一)予以公开 商业企业(表三!C9)');
    expect(text).toContain('“三件”');
  });

  it('take a ready label instead (a finding-shaped value: a draft\'s type has no label for VALUE.*)', () => {
    const text = renderMessage({ rule: 'VALUE.non-integer', sheet: '表三', cells: ['C9'], expected: null, actual: null,
      params: { label: '行政许可 处理决定数量', raw: '3.5' } });
    expect(text).toContain('行政许可 处理决定数量(表三!C9)');
    expect(text).toContain('“3.5”');
  });

  it('say what a blank total was filled with, and what an annotated number kept', () => {
    expect(message(draft('VALUE.total-blank', { edition: '2019', path: 'applications.results.granted.total' }, { expected: 7 })))
      .toContain('各分项之和 7');
    const annotated = toFinding(draft('VALUE.annotated',
      { edition: '2019', path: 'proactive.licensing.decisions', raw: '22（其中修订16件）', note: '其中修订16件' }, { actual: 22 }));
    expect(annotated.severity).toBe('warning');
    expect(renderMessage(annotated)).toContain('取数 22');
    expect(renderMessage(annotated)).toContain('其中修订16件');
  });
});

describe('PARSE.* messages', () => {
  it('name the closest mapping and its missing labels', () => {
    const text = message(draft('PARSE.no-mapping',
      { cause: 'no-mapping', closest: 'national-2019', missing: '本年新制作数量、对外公开总数量' }, { sheet: null, cells: [] }));
    expect(text).toContain('national-2019');
    expect(text).toContain('本年新制作数量、对外公开总数量');
  });

  it('read only the params they are given', () => {
    expect(message(draft('PARSE.unreadable', { cause: 'damaged', reason: 'bad zip' }, { sheet: null, cells: [] })))
      .toBe('文件无法读取（工作簿已损坏）：bad zip');
    expect(message(draft('PARSE.too-large', { cause: 'rows', reason: '超过 100000 行' }, { sheet: null, cells: [] })))
      .toBe('文件超出处理上限（行数）：超过 100000 行');
    expect(message(draft('PARSE.identity', { cause: 'identity', missing: '年度' }, { sheet: null, cells: [] })))
      .toContain('无法确定报告的年度');
  });

  it('keep an extra row as a warning with its cell', () => {
    const finding = toFinding(draft('PARSE.extra-row', { table: '二、主动公开政府信息情况', label: '其他主动公开文件' },
      { sheet: '表二', cells: ['A20'] }));
    expect(finding.severity).toBe('warning');
    expect(renderMessage(finding)).toContain('其他主动公开文件(表二!A20)');
  });
});

/**
 * Each cause of the closed list has its own template: the message opens with the cause. Typed
 * as a Record over the causes, so a cause added to the list without a case here does not compile.
 */
const READ_OPENINGS: Record<ReadCause, string> = {
  empty: '文件为空',
  'not-spreadsheet': '不是电子表格',
  'unsupported-extension': '文件类型不受支持',
  truncated: '文件不完整',
  'damaged-part': '工作簿的一部分已损坏',
  damaged: '工作簿已损坏',
};
const LIMIT_OPENINGS: Record<TooLargeCause, string> = {
  'file-size': '文件大小',
  'inflated-size': '解压后大小',
  rows: '行数',
  memory: '内存',
  'line-too-long': '单行长度',
};
const entries = <K extends string>(record: Record<K, string>) => Object.entries(record) as Array<[K, string]>;

describe('PARSE.unreadable: a template per cause', () => {
  const REASON = '读取器的说明';
  const unreadable = (cause: ReadCause) => message(draft('PARSE.unreadable', { cause, reason: REASON }, { sheet: null, cells: [] }));

  it.each(entries(READ_OPENINGS))('%s opens with its own cause, unlike every other cause', (cause, opening) => {
    const text = unreadable(cause);
    expect(text).toBe(`文件无法读取（${opening}）：${REASON}`);
    for (const other of Object.keys(READ_OPENINGS) as ReadCause[]) {
      if (other !== cause) expect(unreadable(other)).not.toBe(text);
    }
  });
});

describe('PARSE.too-large: a template per limit', () => {
  const REASON = '读取器的说明';
  const tooLarge = (cause: TooLargeCause) => message(draft('PARSE.too-large', { cause, reason: REASON }, { sheet: null, cells: [] }));

  it.each(entries(LIMIT_OPENINGS))('%s opens with its own limit, unlike every other limit', (cause, opening) => {
    const text = tooLarge(cause);
    expect(text).toBe(`文件超出处理上限（${opening}）：${REASON}`);
    for (const other of Object.keys(LIMIT_OPENINGS) as TooLargeCause[]) {
      if (other !== cause) expect(tooLarge(other)).not.toBe(text);
    }
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
