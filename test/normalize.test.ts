import type { Extraction, FieldCell } from '../src/extract';
import { FIELDS, type Column, type Edition } from '../src/model/template';
import { normalize, parseValue } from '../src/normalize';
import type { Cell } from '../src/read/grid';

const columnOf = (edition: Edition, path: string): Column => {
  const field = FIELDS[edition].get(path);
  if (!field) throw new Error(`no field ${path}`);
  return field.column;
};

const COUNT = columnOf('2019', 'proactive.regulations.made');
const SIGNED = columnOf('2019', 'proactive.licensing.change');
/** 2019 采购总金额: no unit in the template, so a bare number is yuan. */
const YUAN = columnOf('2019', 'proactive.procurement.amountYuan');
/** 2021 本年收费金额(单位:万元). */
const WAN = columnOf('2021', 'proactive.fees.amountYuan');

const text = (typed: string): Cell => ({ address: 'B2', value: typed, text: typed });
const number = (value: number): Cell => ({ address: 'B2', value, text: String(value) });

/** parseValue of a typed text in a column, with the template's header unless given. */
const parse = (cell: Cell | undefined, column: Column, header = column.label) => parseValue(cell, column, header);

describe('parseValue', () => {
  describe('counts', () => {
    it('reads a missing or empty cell as blank', () => {
      expect(parse(undefined, COUNT)).toEqual({ kind: 'blank' });
      expect(parse(text(''), COUNT)).toEqual({ kind: 'blank' });
      expect(parse(text('   '), COUNT)).toEqual({ kind: 'blank' });
    });

    it.each(['—', '-', '/', '无', '——', '－', '―', '――', '〇', '零'])('reads %s as 0', (typed) => {
      expect(parse(text(typed), COUNT)).toEqual({ kind: 'number', value: 0 });
    });

    it.each([
      ['１２', 12],
      ['3 ', 3],
      [' 1 2 ', 12],
      ['5件', 5],
      ['0', 0],
    ])('reads "%s" as %d', (typed, value) => {
      expect(parse(text(typed), COUNT)).toEqual({ kind: 'number', value });
    });

    it('reads a number cell as its value', () => {
      expect(parse(number(34), COUNT)).toEqual({ kind: 'number', value: 34 });
    });

    it('keeps the note of an annotated number', () => {
      expect(parse(text('22（其中修订16件）'), COUNT)).toEqual({ kind: 'number', value: 22, note: '其中修订16件' });
      expect(parse(text('55(含自然失效29件)'), COUNT)).toEqual({ kind: 'number', value: 55, note: '含自然失效29件' });
    });

    it.each([
      ['3.5', text('3.5'), 'VALUE.non-integer'],
      ['3.5 as a number', number(3.5), 'VALUE.non-integer'],
      ['-3', text('-3'), 'VALUE.negative'],
      ['-3 as a number', number(-3), 'VALUE.negative'],
      ['abc', text('abc'), 'VALUE.unparseable'],
      ['a word', text('不详'), 'VALUE.unparseable'],
      ['a note without a number', text('（见附件）'), 'VALUE.unparseable'],
      ['a date', { address: 'B2', value: 44197, text: '2021/1/1', date: true } as Cell, 'VALUE.unparseable'],
      ['an error cell', { address: 'B2', value: null, text: '#REF!' } as Cell, 'VALUE.unparseable'],
      ['a formula with no cached value', { address: 'B2', value: null, text: '', formula: 'SUM(B3:B4)', uncached: true } as Cell, 'VALUE.formula-uncached'],
    ])('rejects %s', (_name, cell, rule) => {
      expect(parse(cell, COUNT)).toEqual({ kind: 'invalid', rule });
    });
  });

  describe('本年增/减', () => {
    it.each([
      ['减1', -1],
      ['-1', -1],
      ['－1', -1],
      ['减少2', -2],
      ['增3', 3],
      ['+3', 3],
      ['增加2项', 2],
      ['3', 3],
      ['—', 0],
      ['0', 0],
    ])('reads "%s" as %d', (typed, value) => {
      expect(parse(text(typed), SIGNED)).toEqual({ kind: 'number', value });
    });

    it('reads a negative number cell', () => {
      expect(parse(number(-8), SIGNED)).toEqual({ kind: 'number', value: -8 });
    });

    it('rejects a decimal and a word', () => {
      expect(parse(text('减1.5'), SIGNED)).toEqual({ kind: 'invalid', rule: 'VALUE.non-integer' });
      expect(parse(text('持平'), SIGNED)).toEqual({ kind: 'invalid', rule: 'VALUE.unparseable' });
    });
  });

  describe('money, in yuan', () => {
    it.each([
      ['75万元', YUAN, 750000],
      ['75万', YUAN, 750000],
      ['75', YUAN, 75],
      ['251000元', YUAN, 251000],
      ['251,000元', YUAN, 251000],
      ['75.5万元', YUAN, 755000],
      ['3.5', WAN, 35000],
      ['3.5元', WAN, 3.5],
    ])('reads "%s" as %d', (typed, column, value) => {
      expect(parse(text(typed), column)).toEqual({ kind: 'number', value });
    });

    it('computes in decimal: 75.35万元 is exactly 753500', () => {
      expect(parse(text('75.35万元'), YUAN)).toEqual({ kind: 'number', value: 753500 });
      expect(parse(text('0.07万元'), YUAN)).toEqual({ kind: 'number', value: 700 });
      expect(parse(number(1.1), WAN)).toEqual({ kind: 'number', value: 11000 });
    });

    it('takes the unit of a bare number from the header', () => {
      expect(parse(text('75'), YUAN, '采购总金额(万元)')).toEqual({ kind: 'number', value: 750000 });
      expect(parse(text('75'), YUAN, '采购总金额（万元）')).toEqual({ kind: 'number', value: 750000 });
      expect(parse(number(75), YUAN, '采购总金额（单位：元）')).toEqual({ kind: 'number', value: 75 });
      // A unit in the cell wins over the header's.
      expect(parse(text('75元'), YUAN, '采购总金额(万元)')).toEqual({ kind: 'number', value: 75 });
    });

    it('takes the unit of a bare number from its table\'s unit line where the header gives none; the header and the cell win', () => {
      expect(parseValue(text('128.35'), YUAN, '采购总金额', '万元')).toEqual({ kind: 'number', value: 1283500 });
      expect(parseValue(number(35000), WAN, '本年收费金额', '元')).toEqual({ kind: 'number', value: 35000 });
      expect(parseValue(text('75'), YUAN, '采购总金额(万元)', '元')).toEqual({ kind: 'number', value: 750000 });
      expect(parseValue(text('251000元'), YUAN, '采购总金额', '万元')).toEqual({ kind: 'number', value: 251000 });
    });

    it('rejects an unknown unit and a negative sum', () => {
      expect(parse(text('75美元'), YUAN)).toEqual({ kind: 'invalid', rule: 'VALUE.unknown-unit' });
      expect(parse(text('-75万元'), YUAN)).toEqual({ kind: 'invalid', rule: 'VALUE.negative' });
      expect(parse(text('约七十万'), YUAN)).toEqual({ kind: 'invalid', rule: 'VALUE.unparseable' });
    });
  });
});

describe('normalize', () => {
  /**
   * An extraction of a 2021-edition report in which every field was located, on sheet 表
   * with made-up addresses: cells as given (null for a blank cell), 0 elsewhere.
   */
  function extraction(cells: Record<string, string | number | null>): Extraction {
    const fields = new Map<string, FieldCell>();
    [...FIELDS['2021'].keys()].forEach((path, i) => {
      const address = `B${i + 1}`;
      const typed = path in cells ? cells[path] : 0;
      const cell: Cell | undefined = typed === null ? undefined : { address, value: typed, text: String(typed) };
      fields.set(path, { sheet: '表', address, cell, header: FIELDS['2021'].get(path)!.column.label });
    });
    return { fields, extra: [], sheets: ['表'], problems: [] };
  }

  const addressOf = (path: string): string => `B${[...FIELDS['2021'].keys()].indexOf(path) + 1}`;

  it('reads every field and counts blank cells as 0', () => {
    const { fields, blankCells, problems } = normalize(extraction({
      'applications.received.naturalPerson': 2,
      'applications.received.commercial': null,
      'applications.received.total': 2,
    }), '2021');
    expect(fields['applications.received.naturalPerson']).toMatchObject({ value: 2, origin: 'cell', raw: '2' });
    expect(fields['applications.received.commercial']).toMatchObject({ value: 0, origin: 'blank', address: addressOf('applications.received.commercial') });
    expect(blankCells).toBe(1);
    expect(problems).toEqual([]);
  });

  it('fills a blank 总计 whose parts are not all zero, with the warning VALUE.total-blank', () => {
    const path = 'applications.received.total';
    const { fields, problems } = normalize(extraction({
      'applications.received.naturalPerson': 2,
      'applications.received.commercial': 1,
      [path]: null,
    }), '2021');
    expect(fields[path]).toMatchObject({ value: 3, origin: 'filled', sheet: '表', address: addressOf(path) });
    expect(problems).toEqual([
      expect.objectContaining({ rule: 'VALUE.total-blank', sheet: '表', cells: [addressOf(path)], expected: 3, actual: null }),
    ]);
  });

  it('fills (七)总计 from result rows that were filled themselves', () => {
    const { fields, problems } = normalize(extraction({
      'applications.results.granted.naturalPerson': 2,
      'applications.results.granted.total': null,
      'applications.results.total.naturalPerson': 2,
      'applications.results.total.total': null,
    }), '2021');
    expect(fields['applications.results.granted.total']).toMatchObject({ value: 2, origin: 'filled' });
    expect(fields['applications.results.total.total']).toMatchObject({ value: 2, origin: 'filled' });
    expect(problems.map((p) => p.cells[0])).toEqual([
      addressOf('applications.results.granted.total'),
      addressOf('applications.results.total.total'),
    ]);
  });

  it('leaves a blank 总计 over zero parts at 0, without a warning', () => {
    const { fields, problems } = normalize(extraction({ 'reviewLitigation.reconsideration.total': null }), '2021');
    expect(fields['reviewLitigation.reconsideration.total']).toMatchObject({ value: 0, origin: 'blank' });
    expect(problems).toEqual([]);
  });

  it('does not fill a blank 总计 when a part is unreadable', () => {
    const { fields, problems } = normalize(extraction({
      'reviewLitigation.reconsideration.upheld': '一件',
      'reviewLitigation.reconsideration.corrected': 1,
      'reviewLitigation.reconsideration.total': null,
    }), '2021');
    expect(fields['reviewLitigation.reconsideration.total']).toMatchObject({ value: null, origin: 'blank' });
    expect(problems.map((p) => p.rule)).toEqual(['VALUE.unparseable']);
  });

  it('makes an unreadable cell null with a VALUE finding naming its cell and text', () => {
    const path = 'proactive.licensing.decisions';
    const { fields, problems } = normalize(extraction({ [path]: '3.5' }), '2021');
    expect(fields[path]).toMatchObject({ value: null, origin: 'cell', raw: '3.5' });
    expect(problems).toEqual([
      { rule: 'VALUE.non-integer', sheet: '表', cells: [addressOf(path)], expected: null, actual: '3.5', params: { edition: '2021', path, raw: '3.5' } },
    ]);
  });

  it('keeps an annotated number and its note, with the warning VALUE.annotated', () => {
    const path = 'proactive.normativeDocs.issued';
    const { fields, problems } = normalize(extraction({ [path]: '22（其中修订16件）' }), '2021');
    expect(fields[path]).toMatchObject({ value: 22, origin: 'cell', note: '其中修订16件', raw: '22（其中修订16件）' });
    expect(problems).toEqual([expect.objectContaining({ rule: 'VALUE.annotated', cells: [addressOf(path)], actual: 22 })]);
    expect(problems[0].params).toMatchObject({ raw: '22（其中修订16件）', note: '其中修订16件' });
  });

  it('names an uncached formula by its formula', () => {
    const path = 'applications.received.total';
    const source = extraction({});
    const located = source.fields.get(path)!;
    source.fields.set(path, { ...located, cell: { address: located.address, value: null, text: '', formula: 'SUM(B1:B6)', uncached: true } });
    const { fields, problems } = normalize(source, '2021');
    expect(fields[path]).toMatchObject({ value: null, raw: '=SUM(B1:B6)' });
    expect(problems).toEqual([expect.objectContaining({ rule: 'VALUE.formula-uncached', cells: [located.address], params: expect.objectContaining({ raw: '=SUM(B1:B6)' }) })]);
  });

  it('marks a field extract did not find as missing, null', () => {
    const source = extraction({});
    source.fields.delete('proactive.fees.amountYuan');
    const { fields, problems } = normalize(source, '2021');
    expect(fields['proactive.fees.amountYuan']).toEqual({ value: null, sheet: null, address: null, origin: 'missing', raw: '' });
    expect(problems).toEqual([]);
  });
});

describe('parseValue: issue 13 and 12.6', () => {
  const dated = (value: number, shown: string): Cell => ({ address: 'B2', value, text: shown, date: true });

  it.each([
    ['￥463,000.00', YUAN, 463000],
    ['¥463,000.00', YUAN, 463000],
    ['￥75万元', YUAN, 750000],
    ['1,234.5万元', YUAN, 12345000],
    ['￥3.5', WAN, 35000],
    ['463000.10', YUAN, 463000.1],
  ])('reads money "%s" with its currency sign and thousands separators', (typed, column, value) => {
    expect(parse(text(typed), column)).toEqual({ kind: 'number', value });
  });

  it.each([
    ['￥463,000.005', text('￥463,000.005'), YUAN],
    ['0.1 + 0.2 as a number', number(0.1 + 0.2), YUAN],
    ['75.1234567万元', text('75.1234567万元'), YUAN],
  ])('flags money below the fen (%s) rather than storing it', (_what, cell, column) => {
    expect(parse(cell, column)).toEqual({ kind: 'invalid', rule: 'VALUE.sub-fen' });
  });

  it('keeps 万元 to the fen: 75.1234万元 is 751234 yuan', () => {
    expect(parse(text('75.1234万元'), YUAN)).toEqual({ kind: 'number', value: 751234 });
  });

  it.each([
    ['an 18-digit ID typed as text', text('370402198801011234'), COUNT],
    ['an 18-digit ID stored as a number', number(370402198801011234), COUNT],
    ['2^53 + 1 typed', text('9007199254740993'), COUNT],
    ['1e21 as a number', number(1e21), COUNT],
    ['a signed change past 2^53', text('减9007199254740993'), SIGNED],
    ['money past 2^53 yuan', text('9007199254740993元'), YUAN],
  ])('flags %s as beyond exact', (_what, cell, column) => {
    expect(parse(cell, column)).toEqual({ kind: 'invalid', rule: 'VALUE.beyond-exact' });
  });

  it('still reads 2^53 - 1', () => {
    expect(parse(text('9007199254740991'), COUNT)).toEqual({ kind: 'number', value: 9007199254740991 });
  });

  it('takes a small whole number shown as a date (1 as 1900/1/1) as the number', () => {
    expect(parse(dated(1, '1900/1/1'), COUNT)).toEqual({ kind: 'number', value: 1, dateFormatted: true });
    expect(parse(dated(156, '1900/6/4'), COUNT)).toEqual({ kind: 'number', value: 156, dateFormatted: true });
    expect(parse(dated(3, '1900/1/3'), SIGNED)).toEqual({ kind: 'number', value: 3, dateFormatted: true });
  });

  it('keeps a real date in a count, a fraction shown as a date, and a date in money an error', () => {
    expect(parse(dated(44562, '2022/1/1'), COUNT)).toEqual({ kind: 'invalid', rule: 'VALUE.unparseable' });
    expect(parse(dated(1.5, '1900/1/1 12:00'), COUNT)).toEqual({ kind: 'invalid', rule: 'VALUE.unparseable' });
    expect(parse(dated(1, '1900/1/1'), YUAN)).toEqual({ kind: 'invalid', rule: 'VALUE.unparseable' });
  });
});
