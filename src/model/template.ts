/**
 * The canonical model of the national template: every field of both editions, with the
 * template's own Chinese labels (used in messages) and the kind of value it holds.
 * Mappings say where a field is found in a submission; this file says what it is.
 */

export type Edition = '2019' | '2021';
export const EDITIONS: readonly Edition[] = ['2019', '2021'];

export type Section = 'proactive' | 'applications' | 'reviewLitigation';

/** count: non-negative integer; signed: 本年增/减; money: stored in yuan. */
export type ValueKind = 'count' | 'signed' | 'money';
export type MoneyUnit = '元' | '万元';

export interface Column {
  key: string;
  label: string;
  kind: ValueKind;
  /** For money: the unit a bare number in this column is in. */
  unit?: MoneyUnit;
}

export interface Row {
  key: string;
  label: string;
}

/** One table of the template: its fields are `${section}.${row}.${column}`. */
export interface TableModel {
  id: string;
  section: Section;
  title: string;
  rows: Row[];
  columns: Column[];
}

const count = (key: string, label: string): Column => ({ key, label, kind: 'count' });

const items2019 = [
  count('previousItems', '上一年项目数量'),
  { key: 'change', label: '本年增/减', kind: 'signed' } as Column,
  count('decisions', '处理决定数量'),
];

export const APPLICANT_PARTS: Column[] = [
  count('naturalPerson', '自然人'),
  count('commercial', '商业企业'),
  count('research', '科研机构'),
  count('publicInterest', '社会公益组织'),
  count('legalService', '法律服务机构'),
  count('otherOrg', '其他'),
];
const applicantColumns: Column[] = [...APPLICANT_PARTS, count('total', '总计')];

const resultRowsCommon: Row[] = [
  { key: 'results.granted', label: '(一)予以公开' },
  { key: 'results.partial', label: '(二)部分公开' },
  { key: 'results.withheld.stateSecret', label: '(三)不予公开 1.属于国家秘密' },
  { key: 'results.withheld.otherLaw', label: '(三)不予公开 2.其他法律行政法规禁止公开' },
  { key: 'results.withheld.threeSecurity', label: '(三)不予公开 3.危及“三安全一稳定”' },
  { key: 'results.withheld.thirdParty', label: '(三)不予公开 4.保护第三方合法权益' },
  { key: 'results.withheld.internalAffairs', label: '(三)不予公开 5.属于三类内部事务信息' },
  { key: 'results.withheld.processInfo', label: '(三)不予公开 6.属于四类过程性信息' },
  { key: 'results.withheld.enforcementFile', label: '(三)不予公开 7.属于行政执法案卷' },
  { key: 'results.withheld.queryMatter', label: '(三)不予公开 8.属于行政查询事项' },
  { key: 'results.unavailable.notHeld', label: '(四)无法提供 1.本机关不掌握相关政府信息' },
  { key: 'results.unavailable.needsCreation', label: '(四)无法提供 2.没有现成信息需要另行制作' },
  { key: 'results.unavailable.unclear', label: '(四)无法提供 3.补正后申请内容仍不明确' },
  { key: 'results.notProcessed.petition', label: '(五)不予处理 1.信访举报投诉类申请' },
  { key: 'results.notProcessed.repeated', label: '(五)不予处理 2.重复申请' },
  { key: 'results.notProcessed.publication', label: '(五)不予处理 3.要求提供公开出版物' },
  { key: 'results.notProcessed.massRepeated', label: '(五)不予处理 4.无正当理由大量反复申请' },
  { key: 'results.notProcessed.confirmation', label: '(五)不予处理 5.要求行政机关确认或重新出具已获取信息' },
];

const otherResultRows: Record<Edition, Row[]> = {
  '2019': [{ key: 'results.other', label: '(六)其他处理' }],
  '2021': [
    { key: 'results.other.overdueCorrection', label: '(六)其他处理 1.申请人无正当理由逾期不补正' },
    { key: 'results.other.unpaidFee', label: '(六)其他处理 2.申请人逾期未按收费通知要求缴纳费用' },
    { key: 'results.other.other', label: '(六)其他处理 3.其他' },
  ],
};

function applicationsTable(edition: Edition): TableModel {
  return {
    id: 'applications',
    section: 'applications',
    title: '三、收到和处理政府信息公开申请情况',
    rows: [
      { key: 'received', label: '一、本年新收政府信息公开申请数量' },
      { key: 'carriedIn', label: '二、上年结转政府信息公开申请数量' },
      ...resultRowsCommon,
      ...otherResultRows[edition],
      { key: 'results.total', label: '(七)总计' },
      { key: 'carriedForward', label: '四、结转下年度继续办理' },
    ],
    columns: applicantColumns,
  };
}

const reviewColumns: Column[] = [
  count('upheld', '结果维持'),
  count('corrected', '结果纠正'),
  count('other', '其他结果'),
  count('pending', '尚未审结'),
  count('total', '总计'),
];

const reviewLitigationTable: TableModel = {
  id: 'reviewLitigation',
  section: 'reviewLitigation',
  title: '四、政府信息公开行政复议、行政诉讼情况',
  rows: [
    { key: 'reconsideration', label: '行政复议' },
    { key: 'litigationDirect', label: '行政诉讼 未经复议直接起诉' },
    { key: 'litigationAfterReconsideration', label: '行政诉讼 复议后起诉' },
  ],
  columns: reviewColumns,
};

function proactive(id: string, title: string, rows: Row[], columns: Column[]): TableModel {
  return { id, section: 'proactive', title: `二、主动公开政府信息情况 ${title}`, rows, columns };
}

export const TEMPLATE: Record<Edition, TableModel[]> = {
  '2019': [
    proactive('p1', '第二十条第(一)项', [
      { key: 'regulations', label: '规章' },
      { key: 'normativeDocs', label: '规范性文件' },
    ], [count('made', '本年新制作数量'), count('published', '本年新公开数量'), count('totalPublished', '对外公开总数量')]),
    proactive('p5', '第二十条第(五)项', [
      { key: 'licensing', label: '行政许可' },
      { key: 'otherServices', label: '其他对外管理服务事项' },
    ], items2019),
    proactive('p6', '第二十条第(六)项', [
      { key: 'penalties', label: '行政处罚' },
      { key: 'enforcement', label: '行政强制' },
    ], items2019),
    proactive('p8', '第二十条第(八)项', [{ key: 'fees', label: '行政事业性收费' }], items2019.slice(0, 2)),
    proactive('p9', '第二十条第(九)项', [{ key: 'procurement', label: '政府集中采购' }], [
      count('projects', '采购项目数量'),
      { key: 'amountYuan', label: '采购总金额', kind: 'money', unit: '元' },
    ]),
    applicationsTable('2019'),
    reviewLitigationTable,
  ],
  '2021': [
    proactive('p1', '第二十条第(一)项', [
      { key: 'regulations', label: '规章' },
      { key: 'normativeDocs', label: '行政规范性文件' },
    ], [count('issued', '本年制发件数'), count('repealed', '本年废止件数'), count('inForce', '现行有效件数')]),
    proactive('p5', '第二十条第(五)项', [{ key: 'licensing', label: '行政许可' }], [count('decisions', '本年处理决定数量')]),
    proactive('p6', '第二十条第(六)项', [
      { key: 'penalties', label: '行政处罚' },
      { key: 'enforcement', label: '行政强制' },
    ], [count('decisions', '本年处理决定数量')]),
    proactive('p8', '第二十条第(八)项', [{ key: 'fees', label: '行政事业性收费' }], [
      { key: 'amountYuan', label: '本年收费金额(单位:万元)', kind: 'money', unit: '万元' },
    ]),
    applicationsTable('2021'),
    reviewLitigationTable,
  ],
};

/** A field of the model: its dotted path in the cleaned JSON and how to describe it. */
export interface FieldModel {
  path: string;
  table: TableModel;
  row: Row;
  column: Column;
}

export const fieldPath = (table: TableModel, row: Row, column: Column): string =>
  `${table.section}.${row.key}.${column.key}`;

function buildFields(edition: Edition): Map<string, FieldModel> {
  const fields = new Map<string, FieldModel>();
  for (const table of TEMPLATE[edition]) {
    for (const row of table.rows) {
      for (const column of table.columns) {
        fields.set(fieldPath(table, row, column), { path: fieldPath(table, row, column), table, row, column });
      }
    }
  }
  return fields;
}

export const FIELDS: Record<Edition, Map<string, FieldModel>> = {
  '2019': buildFields('2019'),
  '2021': buildFields('2021'),
};

/** "二、主动公开 第二十条第(五)项 行政许可 本年增/减": how a message names a field. */
export function fieldLabel(edition: Edition, path: string): string {
  const field = FIELDS[edition].get(path);
  if (!field) return path;
  const section = field.table.title.split(' ')[0].replace(/情况$/, '');
  const group = field.table.section === 'proactive' ? field.table.title.split(' ')[1] + ' ' : '';
  return `${section} ${group}${field.row.label} ${field.column.label}`;
}
