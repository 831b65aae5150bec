/**
 * The one place where findings' Chinese wording lives. Rules and stages produce a Draft —
 * a rule id, cells, numbers and a few params — that toFinding (finding.ts) places on a
 * report; renderMessage words it in the template's own labels wherever it is shown.
 *
 * Params the templates read:
 * - `edition` ('2019' | '2021') with `row` (`proactive.licensing`), `column` (`naturalPerson`)
 *   or `path` (`applications.received.total`): which labels to use;
 * - numbers a rule's message shows besides expected and actual (listed at each template).
 * Cells are named by their position in `cells`, which each rule documents (first = the cell
 * to look at).
 */
import type { DraftOf, RuleId, RuleParams } from '../model/draft';
import type { Finding } from '../model/finding';
import { EDITIONS, FIELDS, fieldLabel, type Edition, type FieldModel } from '../model/template';
import { difference } from './finding';
import { partColumns } from './rule';

export type { Draft, DraftOf, RuleId, RuleParams } from '../model/draft';

/** What a message template reads of a draft or a finding: its cells, values and params. */
type View = Pick<Finding, 'rule' | 'sheet' | 'cells' | 'expected' | 'actual'> & { params?: Record<string, unknown> };

/** A finding's message in Chinese, from its rule and params: wherever a finding is shown. */
export function renderMessage(finding: View): string {
  const render = MESSAGES[finding.rule as RuleId] as ((d: View) => string) | undefined;
  if (!render) throw new Error(`no message template for rule ${finding.rule}`);
  return render(finding);
}

/** `表三!H7`; a sheet name other than letters, digits and _ is quoted as Excel does; a text file's cells (no sheet) are `H7`. */
export function cellRef(sheet: string | null, cell: string): string {
  if (sheet === null) return cell;
  const name = /^[\p{L}\p{N}_]+$/u.test(sheet) ? sheet : `'${sheet.replace(/'/g, "''")}'`;
  return `${name}!${cell}`;
}

// --- reading a draft -------------------------------------------------------------------

const param = (d: View, key: string): string => String(d.params?.[key] ?? '');

function num(d: View, key: string): number {
  const value = d.params?.[key];
  if (typeof value !== 'number') throw new Error(`${d.rule}: param ${key} should be a number`);
  return value;
}

function editionOf(d: View): Edition {
  const edition = EDITIONS.find((e) => e === d.params?.edition);
  if (!edition) throw new Error(`${d.rule}: param edition should be one of ${EDITIONS.join(', ')}`);
  return edition;
}

/** The cell at `index` of the draft, as `sheet!A1`. */
const ref = (d: View, index: number): string => (d.cells[index] === undefined ? '?' : cellRef(d.sheet, d.cells[index]));

/** The cells from `from` on: `表三!B7`, or `表三!B7至G7` for several. */
function span(d: View, from: number): string {
  const cells = d.cells.slice(from);
  if (cells.length <= 1) return ref(d, from);
  return `${cellRef(d.sheet, cells[0])}至${cells[cells.length - 1]}`;
}

/** A number inside a sum: negative ones in brackets, "2 + (-3)". */
const operand = (n: number): string => (n < 0 ? `(${n})` : String(n));
/** "，相差 1" where there is a difference. */
const diff = (d: View): string => (difference(d) === null ? '' : `，相差 ${difference(d)}`);

// --- labels ----------------------------------------------------------------------------

function fieldOf(edition: Edition, path: string): FieldModel {
  const field = FIELDS[edition].get(path);
  if (!field) throw new Error(`no field ${path} in the ${edition} edition`);
  return field;
}

/** The table heading of fieldLabel ("二、主动公开政府信息 第二十条第(五)项"), without row and column. */
function heading(edition: Edition, field: FieldModel): string {
  const full = fieldLabel(edition, field.path);
  return full.slice(0, full.length - ` ${field.row.label} ${field.column.label}`.length);
}

/** A row's table, its heading and a column label by key. */
function rowOf(d: View) {
  const edition = editionOf(d);
  const rowPath = param(d, 'row');
  const section = rowPath.split('.')[0];
  const key = rowPath.slice(section.length + 1);
  const field = [...FIELDS[edition].values()].find((f) => f.table.section === section && f.row.key === key);
  if (!field) throw new Error(`${d.rule}: no row ${rowPath} in the ${edition} edition`);
  const column = (columnKey: string): string => fieldOf(edition, `${rowPath}.${columnKey}`).column.label;
  return { table: field.table, name: `${heading(edition, field)} ${field.row.label}`, column };
}

/** A column of 三: its heading ("三、收到和处理政府信息公开申请 自然人") and its rows' labels by key. */
function columnOf(d: View) {
  const edition = editionOf(d);
  const columnKey = param(d, 'column');
  const row = (rowKey: string): string => fieldOf(edition, `applications.${rowKey}.${columnKey}`).row.label;
  const field = fieldOf(edition, `applications.received.${columnKey}`);
  return { table: field.table, name: `${heading(edition, field)} ${field.column.label}`, row };
}

/** "自然人至其他": the first and last of several labels. */
const range = (labels: string[]): string =>
  labels.length > 2 ? `${labels[0]}至${labels[labels.length - 1]}` : labels.join('、');

/** What a VALUE.* or PARSE.* finding is about: `label`, else the field at `edition` + `path`. */
function subject(d: View): string {
  if (d.params?.label !== undefined) return param(d, 'label');
  if (d.params?.path !== undefined) return fieldLabel(editionOf(d), param(d, 'path'));
  return '';
}

/**
 * "行政许可(表二!B10)": the subject and its cell, or whichever is known. A row of a text file,
 * which has no sheets, reads better as its line: "其他(第21行)".
 */
function located(d: View, row = false): string {
  const what = subject(d);
  const line = row && d.sheet === null ? /\d+$/.exec(d.cells[0] ?? '') : null;
  const where = line ? `第${line[0]}行` : d.cells.length > 0 ? ref(d, 0) : '';
  return what && where ? `${what}(${where})` : what || where;
}

/** `text(value)` when the param is given, '' otherwise: for optional parts of a message. */
const aside = (d: View, key: string, text: (value: string) => string): string =>
  d.params?.[key] === undefined ? '' : text(param(d, key));

// --- templates -------------------------------------------------------------------------

/** 总计 = parts of one row (T3.row-total, T4.group-total). Params: edition, row. Cells: total, parts. */
function rowTotal(d: View): string {
  const row = rowOf(d);
  const parts = partColumns(row.table).map((c) => c.label);
  return `${row.name} 行：${row.column('total')}(${ref(d, 0)})应等于${range(parts)}之和(${span(d, 1)}) ${d.expected}，`
    + `实为 ${d.actual}${diff(d)}`;
}

/** "(年报!H20)": the other report's cell named by a param, '' when not known. */
const otherCell = (d: View, key: string): string => aside(d, key, (cell) => `(${cell})`);

/** "2019 年报告(甲.xlsx)": the other year's report. Params: previousYear, otherFile. */
const previous = (d: View): string => `${param(d, 'previousYear')} 年报告${aside(d, 'otherFile', (f) => `(${f})`)}`;

/** "2020 年报告(乙.xlsx)的": the report a cross-file finding is on, where year and file are given. */
const current = (d: View): string =>
  d.params?.file === undefined ? '' : `${aside(d, 'year', (y) => `${y} 年`)}报告(${param(d, 'file')})的`;

/** "(表三!C9)" for the cell at `index` where the draft has one, '' otherwise. */
const cellAt = (d: View, index: number): string => (d.cells[index] === undefined ? '' : `(${ref(d, index)})`);

/** " 5" or " (-1)": a number param shown after its label, '' when not given. */
const shown = (d: View, key: string): string =>
  typeof d.params?.[key] === 'number' ? ` ${operand(num(d, key))}` : '';

/** A figure of an ANOMALY.* finding as read: money (stored in yuan) in 万元, a count as it is. */
function figure(d: View, n: number): string {
  const money = fieldOf(editionOf(d), param(d, 'path')).column.kind === 'money';
  return money ? `${Math.round(n / 100) / 100} 万元` : String(n);
}

/** "10000 倍" or "1/10000": a ratio param as a reader takes it. */
const times = (ratio: number): string => (ratio >= 1 ? `${ratio} 倍` : `1/${Math.round(1 / ratio)}`);

/**
 * What an ANOMALY.* figure is compared with, from its params: the agency's two latest earlier
 * years and the same year's peers (those reporting it above 0), each where known.
 */
function against(d: View): string {
  const earlier = (['last', 'prior'] as const)
    .filter((k) => typeof d.params?.[`${k}Value`] === 'number')
    .map((k) => `${param(d, `${k}Year`)} 年 ${figure(d, num(d, `${k}Value`))}`);
  const history = earlier.length > 0 ? `本单位 ${earlier.join('、')}` : '本单位没有往年报告可比';
  const peers = typeof d.params?.peers === 'number'
    ? `同年此项不为 0 的 ${num(d, 'peers')} 个单位的中位数 ${figure(d, num(d, 'peerMedian'))}，`
      + `${Math.round(num(d, 'peerQuantile') * 100)}% 不超过 ${figure(d, num(d, 'peerHigh'))}（高于 ${figure(d, num(d, 'peerLimit'))} 即远超同类）`
    : '同年报告此项的单位太少，不与同类比较';
  return `${history}；${peers}`;
}

/** Which way a 元/万元 slip went. */
const SLIP: Record<RuleParams['ANOMALY.unit']['slip'], string> = {
  'yuan-as-wan': '以“元”为单位的金额填在了以“万元”计的栏目（或写成了“万元”）',
  'wan-as-yuan': '以“万元”为单位的金额填在了以“元”计的栏目（或写成了“元”）',
};

/** Each cause of an unreadable file, as the message opens: one template per cause of the closed list. */
const READ_CAUSE: Record<RuleParams['PARSE.unreadable']['cause'], string> = {
  empty: '文件为空',
  'not-spreadsheet': '不是电子表格',
  'unsupported-extension': '文件类型不受支持',
  truncated: '文件不完整',
  'damaged-part': '工作簿的一部分已损坏',
  damaged: '工作簿已损坏',
};

/** Each limit a file can pass. */
const LIMIT_CAUSE: Record<RuleParams['PARSE.too-large']['cause'], string> = {
  'file-size': '文件大小',
  'inflated-size': '解压后大小',
  rows: '行数',
  memory: '内存',
  'line-too-long': '单行长度',
};

export const MESSAGES: { [R in RuleId]: (d: DraftOf<R>) => string } = {
  /** Params: year. No cells. */
  'T0.edition-superseded': (d) =>
    `报告年度为 ${param(d, 'year')} 年，应使用 2021 版模板（国办公开办函〔2021〕30号），`
    + '实际使用的是 2019 版（国办公开办函〔2019〕60号）',

  /** Params: edition, row, previousItems, change. Cells: previousItems, change. */
  'T2.items-nonnegative': (d) => {
    const row = rowOf(d);
    return `${row.name}：${row.column('previousItems')}(${ref(d, 0)}) ${num(d, 'previousItems')} + `
      + `${row.column('change')}(${ref(d, 1)}) ${operand(num(d, 'change'))} = ${d.actual}，应不小于 0`;
  },

  /** Params: edition, row. Cells: published, totalPublished. */
  'T2.published-within-total': (d) => {
    const row = rowOf(d);
    return `${row.name}：${row.column('published')}(${ref(d, 0)}) ${d.actual} 应不大于`
      + `${row.column('totalPublished')}(${ref(d, 1)}) ${d.expected}${diff(d)}`;
  },

  /** Params: edition, row, previousItems, change, threshold. Cells: previousItems, change, decisions. */
  'T2.items-look-like-cases': (d) => {
    const row = rowOf(d);
    return `${row.name}：${row.column('previousItems')}(${ref(d, 0)}) ${num(d, 'previousItems')} + `
      + `${row.column('change')}(${ref(d, 1)}) ${operand(num(d, 'change'))} = ${d.actual}，恰等于`
      + `${row.column('decisions')}(${ref(d, 2)}) ${d.actual}（不少于 ${num(d, 'threshold')}），`
      + '项目数量可能误填为案件数，请核实';
  },

  /** Params: edition, row, inForce, repealed. Cells: issued, inForce, repealed. */
  'T2.in-force-vs-issued': (d) => {
    const row = rowOf(d);
    return `${row.name}：${row.column('issued')}(${ref(d, 0)}) ${d.actual} 应不大于`
      + `${row.column('inForce')}(${ref(d, 1)}) ${num(d, 'inForce')} + `
      + `${row.column('repealed')}(${ref(d, 2)}) ${num(d, 'repealed')} = ${d.expected}${diff(d)}，请核实`;
  },

  'T3.row-total': rowTotal,

  /** Params: edition, column. Cells: results.total, then every result row. */
  'T3.results-total': (d) => {
    const column = columnOf(d);
    const results = column.table.rows.filter((r) => r.key.startsWith('results.') && r.key !== 'results.total');
    return `${column.name} 列：${column.row('results.total')}(${ref(d, 0)})应等于`
      + `${range(results.map((r) => r.label))}各行之和(${span(d, 1)}) ${d.expected}，实为 ${d.actual}${diff(d)}`;
  },

  /**
   * Params: edition, column, received, carriedIn, resultsTotal, carriedForward.
   * Cells: received, carriedIn, results.total, carriedForward.
   */
  'T3.balance': (d) => {
    const column = columnOf(d);
    return `${column.name} 列：${column.row('received')}(${ref(d, 0)}) ${num(d, 'received')} + `
      + `${column.row('carriedIn')}(${ref(d, 1)}) ${num(d, 'carriedIn')} = ${d.expected}，应等于`
      + `${column.row('results.total')}(${ref(d, 2)}) ${num(d, 'resultsTotal')} + `
      + `${column.row('carriedForward')}(${ref(d, 3)}) ${num(d, 'carriedForward')} = ${d.actual}${diff(d)}`;
  },

  'T4.group-total': rowTotal,

  /** Params: edition. Cells: litigationAfterReconsideration.total, reconsideration.total. */
  'T4.litigation-vs-reconsideration': (d) => {
    const edition = editionOf(d);
    const after = fieldOf(edition, 'reviewLitigation.litigationAfterReconsideration.total');
    const reconsideration = fieldOf(edition, 'reviewLitigation.reconsideration.total');
    return `${heading(edition, after)}：${after.row.label} ${after.column.label}(${ref(d, 0)}) ${d.actual} 多于`
      + `${reconsideration.row.label} ${reconsideration.column.label}(${ref(d, 1)}) ${d.expected}；`
      + '复议可能在以前年度办结，请核实';
  },

  /**
   * Cross-file templates. The cleaned store has no cell addresses: a cross-file draft usually
   * has no cells and names its sides by file instead — `year` and `file` (this report) and
   * `previousYear` and `otherFile` (the other one). A cell, where a draft has one, is shown too.
   */

  /**
   * Params: edition, column, previousYear, otherFile?, otherCell? (last year's carriedForward),
   * year?, file?. Cells: this year's carriedIn, if known.
   */
  'X.carry-over': (d) => {
    const column = columnOf(d);
    return `${column.name} 列：${current(d)}${column.row('carriedIn')}${cellAt(d, 0)}应等于 ${previous(d)}的`
      + `${column.row('carriedForward')}${otherCell(d, 'otherCell')} ${d.expected}，实为 ${d.actual}${diff(d)}`;
  },

  /**
   * Params: edition, row, previousYear, otherFile?, year?, file?, lastPreviousItems?, lastChange?
   * (last year's two numbers) and their cells lastPreviousItemsCell?, lastChangeCell?.
   * Cells: this year's previousItems, if known.
   */
  'X.items-chain': (d) => {
    const row = rowOf(d);
    return `${row.name}：${current(d)}${row.column('previousItems')}${cellAt(d, 0)}应等于 ${previous(d)}的`
      + `${row.column('previousItems')}${otherCell(d, 'lastPreviousItemsCell')}${shown(d, 'lastPreviousItems')}`
      + ` + ${row.column('change')}${otherCell(d, 'lastChangeCell')}${shown(d, 'lastChange')}`
      + ` = ${d.expected}，实为 ${d.actual}${diff(d)}`;
  },

  /**
   * Params: edition, row, previousYear, otherFile?, year?, file?, lastInForce?, issued?, repealed?
   * (last year's 现行有效件数, this year's 制发 and 废止), lastInForceCell?.
   * Cells: inForce, issued, repealed, if known.
   */
  'X.in-force-chain': (d) => {
    const row = rowOf(d);
    return `${row.name}：${current(d)}${row.column('inForce')}${cellAt(d, 0)}应等于 ${previous(d)}的`
      + `${row.column('inForce')}${otherCell(d, 'lastInForceCell')}${shown(d, 'lastInForce')} + ${d.params?.file === undefined ? '' : '本报告的'}`
      + `${row.column('issued')}${cellAt(d, 1)}${shown(d, 'issued')} - ${row.column('repealed')}${cellAt(d, 2)}`
      + `${shown(d, 'repealed')} = ${d.expected}，实为 ${d.actual}${diff(d)}（文件修订可能造成差异，请核实）`;
  },

  /**
   * Params: edition, path, members (how many), memberNames? (joined with 、), year?, file?.
   * Cells: the region's cell, if known.
   */
  'X.rollup': (d) =>
    `${current(d)}${located(d)}应等于 ${param(d, 'members')} 个下属单位的合计 ${d.expected}，实为 ${d.actual}${diff(d)}`
    + aside(d, 'memberNames', (names) => `（下属单位：${names}）`),

  /**
   * Params: members (how many the region has), missing (the names without a report, joined
   * with 、), year?, file?. Expected: the number of members, actual: how many reported. No cells.
   */
  'X.rollup-incomplete': (d) =>
    `${current(d)}各项数字暂不与下属单位合计核对：${param(d, 'members')} 个下属单位中`
    + `${aside(d, 'year', (y) => ` ${y} 年`)}缺少报告的有：${param(d, 'missing')}；报告齐全后再核对`,

  /** Params: kept (the file used), others (the files kept aside). No cells. */
  'X.duplicate': (d) =>
    `同一机关同一年度有多份报告：采用最新的 ${param(d, 'kept')}，其余已保留：${param(d, 'others')}`,

  /**
   * ANOMALY.*: params edition, path, year, file and the comparison (lastYear, lastValue,
   * priorYear, priorValue, peers, peerMedian, peerHigh, peerQuantile, peerLimit where known). Cells: the figure's, if known.
   * unit: basis, slip, reference (referenceYear), ratio, corrected.
   */
  'ANOMALY.unit': (d) => {
    const basis = d.params.basis === 'history'
      ? `本单位 ${param(d, 'referenceYear')} 年的 ${figure(d, d.params.reference)}`
      : `同年有此项金额的单位的中位数 ${figure(d, d.params.reference)}`;
    return `${current(d)}${located(d)} 为 ${figure(d, Number(d.actual))}，是${basis}的 ${times(num(d, 'ratio'))}：`
      + `疑为把${SLIP[d.params.slip]}；如是，实际金额应为 ${figure(d, d.params.corrected)}。比较：${against(d)}`;
  },
  /** jump: reference, referenceYear, ratio (absent when the reference is 0). */
  'ANOMALY.jump': (d) =>
    `${current(d)}${located(d)} 为 ${figure(d, Number(d.actual))}，与本单位 ${d.params.referenceYear} 年的 ${figure(d, d.params.reference)}`
    + `${aside(d, 'ratio', () => `（${times(num(d, 'ratio'))}）`)}相比变化超过一个数量级，请核实。比较：${against(d)}`,
  /** peer: ratio (to the peers' median). */
  'ANOMALY.peer': (d) =>
    `${current(d)}${located(d)} 为 ${figure(d, Number(d.actual))}，远高于同年此项不为 0 的 ${d.params.peers} 个单位的中位数 ${figure(d, d.params.peerMedian)}`
    + `（${times(d.params.ratio)}），且本单位其他年度的数字不能说明，请核实。比较：${against(d)}`,


  'VALUE.unparseable': (d) => `${located(d)}的内容“${param(d, 'raw')}”不是数字，该项按空值处理`,
  'VALUE.negative': (d) => `${located(d)}的内容“${param(d, 'raw')}”为负数，计数不能为负，该项按空值处理`,
  'VALUE.non-integer': (d) => `${located(d)}的内容“${param(d, 'raw')}”不是整数，件数、项数应为整数，该项按空值处理`,
  'VALUE.unknown-unit': (d) => `${located(d)}的内容“${param(d, 'raw')}”的金额单位无法识别，应为元或万元，该项按空值处理`,
  /** raw: the formula. */
  'VALUE.formula-uncached': (d) =>
    `${located(d)}是公式“${param(d, 'raw')}”但没有计算结果，请在 Excel 或 WPS 中重新计算并保存；该项按空值处理`,
  /** expected: the sum of the parts the total was filled with. */
  'VALUE.total-blank': (d) => `${located(d)}为空，已按各分项之和 ${d.expected} 填入，该总计不再校验`,
  /** raw, note: the note kept; actual: the number used. */
  'VALUE.annotated': (d) =>
    `${located(d)}的内容“${param(d, 'raw')}”带有说明，取数 ${d.actual}，说明“${param(d, 'note')}”已保留`,

  /** header, headerUnit: the column's header and its unit; line, lineUnit: the table's unit line. Cells: the sum's cell, the unit line's. */
  'VALUE.unit-conflict': (d) =>
    `${located(d)}：表头“${param(d, 'header')}”的单位是${param(d, 'headerUnit')}，而表格的单位行“${param(d, 'line')}”(${ref(d, 1)})是${param(d, 'lineUnit')}，`
    + `不一致；已按表头的单位（${param(d, 'headerUnit')}）读取，请核实`,

  /** Params: stage (where nianbao failed). Not the department's fault: retried next run. */
  'INTERNAL.error': (d) => `nianbao 处理本文件时出错（${param(d, 'stage')}），不是报送单位的问题；下次运行会重试，请联系技术人员`,
  /** raw: what the cell shows (an 18-digit number may show as 3.70402E+17). */
  'VALUE.beyond-exact': (d) =>
    `${located(d)}的内容“${param(d, 'raw')}”超出可精确保存的范围（2^53），不像是件数或金额（是否误填了身份证号等编号？），该项按空值处理`,
  'VALUE.sub-fen': (d) => `${located(d)}的内容“${param(d, 'raw')}”折合为元后超过两位小数（精确到分以下），请核实；该项按空值处理`,
  /** raw: the date the cell shows; actual: the number taken. */
  'VALUE.date-formatted': (d) =>
    `${located(d)}设成了日期格式，显示为“${param(d, 'raw')}”，实际数字为 ${d.actual}，已取数 ${d.actual}；请把单元格格式改为数值`,

  /** Params: reason. */
  'PARSE.unreadable': (d) => `文件无法读取（${READ_CAUSE[d.params.cause]}）：${d.params.reason}`,
  'PARSE.encrypted': () => '文件设有打开密码，无法读取，请提交未加密的文件',
  /** Params: size, limit (as the caller words them, e.g. "35 MB"). */
  /** Params: reason (which limit, in the reader's words: file size, inflated size, rows, memory). */
  'PARSE.too-large': (d) => `文件超出处理上限（${LIMIT_CAUSE[d.params.cause]}）：${d.params.reason}`,
  /** Params: seconds. */
  'PARSE.timeout': (d) => `读取文件超过 ${param(d, 'seconds')} 秒，已中止`,
  /** Params: closest (mapping name), found and total (its labels found), missing (labels not found, joined with 、). */
  'PARSE.no-mapping': (d) => `没有与表格相符的版式映射${aside(d, 'closest', (c) => `；最接近的是 ${c}`)}`
    + `${aside(d, 'found', (f) => `（找到其 ${param(d, 'total')} 个标签中的 ${f} 个）`)}`
    + `${aside(d, 'missing', (m) => `，缺少标签：${m}`)}`,
  /** Params: table (its title), mapping?, missing? (labels not found). */
  'PARSE.table-missing': (d) => `未找到表格“${param(d, 'table')}”${aside(d, 'mapping', (m) => `（版式映射 ${m}）`)}`
    + `${aside(d, 'missing', (m) => `，缺少标签：${m}`)}`,
  /** Params: table, label (the row's label). */
  'PARSE.row-missing': (d) => `表格“${param(d, 'table')}”中未找到行“${subject(d)}”`,
  /** Params: table, label (the column's label). */
  'PARSE.column-missing': (d) => `表格“${param(d, 'table')}”中未找到列“${subject(d)}”`,
  /** Params: missing ("机关名称", "年度" or both). */
  'PARSE.identity': (d) => `无法确定报告的${param(d, 'missing')}：标题、工作表名和文件名中都没有，`
    + '也未用 --agency/--year 指定',
  /** Params: table, label (the row's text). Cells: the row's first cell. */
  'PARSE.extra-row': (d) => `表格“${param(d, 'table')}”中有模板之外的行 ${located(d, true)}，已保留在 extra 中`,
  /** Params: cause (several-reports), sheets; whole and parts, or agency and year. No cells. */
  'PARSE.several-reports': (d) => (d.params.agency !== undefined
    ? `工作表“${param(d, 'sheets')}”都是${param(d, 'agency')} ${param(d, 'year')} 年的报告，无法确定以哪一份为准；请删去多余的一份后重新提交`
    : `工作表“${param(d, 'whole')}”各是一份完整的报告，而工作表“${param(d, 'parts')}”只有部分表格，无法确定它们属于哪一份报告；请每份报告单独提交一个文件，或把各表放在同一份报告的工作表中`),
  /** Params: cause (hidden-sheet), sheets (the hidden sheets read, joined with 、). No cells. */
  'PARSE.hidden-sheet': (d) => `可见的工作表中没有年报表格，表格是从隐藏的工作表“${param(d, 'sheets')}”读取的；`
    + '请核实隐藏的工作表是本年度的报告',
};
