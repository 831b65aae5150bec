/**
 * The example submissions of samples/inbox, and what importing each one should yield.
 * scripts/make-samples.ts writes them (and samples/README.md from the same list);
 * test/pipeline.test.ts imports each one and checks its expectation, so the samples and
 * what they are said to show can not drift apart.
 *
 * Each broken sample breaks one rule only (the totals of 三 are over-determined, so one
 * slip can show up as several findings of that rule). Every sample has its own agency, so a
 * run over the inbox raises no cross-file finding (X.duplicate, X.carry-over).
 */
import iconv from 'iconv-lite';
import * as XLSX from 'xlsx';
import type { ImportStatus } from '../src/pipeline/import';
import { APPLICANT_PARTS } from '../src/model/template';
import { buildCombined, buildWorkbook, OFFICIAL, SEED, type Layout, type Submission, type Typed } from './layouts';

/** A finding the import must report: its rule, and where given, its first cell. */
export interface ExpectedFinding {
  rule: string;
  sheet?: string;
  cell?: string;
}

export interface Sample {
  /** The file's name in samples/inbox: it says what the sample is. */
  file: string;
  /** One line for samples/README.md. */
  about: string;
  bytes(): Buffer;
  status: ImportStatus;
  /** Every rule the import reports, none other; entries with a cell pin one finding down. */
  findings: ExpectedFinding[];
  /** Figures the cleaned report must hold, by dotted path ("applications.received.total"). */
  values?: Readonly<Record<string, number>>;
  /** The agency and year the report must be filed under, where the sample is about them. */
  identity?: { agency: string; year: number };
}

// --- submissions ------------------------------------------------------------------------

const DISTRICT = '枣庄市市中区';
/** The sheet of the official layout (everything on one sheet). */
const SHEET = '年报';

const titleOf = (agency: string, year: number): string => `${DISTRICT}${agency}${year}年政府信息公开工作年度报告`;

/**
 * A 2019-edition report for 2020, the last year that edition was due (so T0.edition-superseded
 * stays quiet), and a 2021-edition report for 2022.
 */
const report2019 = (agency: string, values: Typed, layout?: Layout): Submission =>
  ({ title: titleOf(agency, 2020), edition: '2019', values, ...(layout ? { layout } : {}) });
const report2021 = (agency: string, values: Typed, layout?: Layout): Submission =>
  ({ title: titleOf(agency, 2022), edition: '2021', values, ...(layout ? { layout } : {}) });

type ApplicantPart = 'naturalPerson' | 'commercial' | 'research' | 'publicInterest' | 'legalService' | 'otherOrg';
type ReviewPart = 'upheld' | 'corrected' | 'other' | 'pending';

const sumOf = (parts: Partial<Record<string, number>>): number => Object.values(parts).reduce((a: number, b) => a + (b ?? 0), 0);

/** Numbers typed as numbers, by dotted path: what is typed is what the cleaned report must hold. */
type Figures = Record<string, number>;

/** One row of 三: its parts, and its 总计 — their sum unless given. */
export function applicationRow(row: string, parts: Partial<Record<ApplicantPart, number>>, total: number = sumOf(parts)): Figures {
  const typed: Figures = { [`applications.${row}.total`]: total };
  for (const column of APPLICANT_PARTS) typed[`applications.${row}.${column.key}`] = parts[column.key as ApplicantPart] ?? 0;
  return typed;
}

/** One group of 四: its parts, and its 总计 — their sum unless given. */
function reviewGroup(group: string, parts: Partial<Record<ReviewPart, number>>, total: number = sumOf(parts)): Figures {
  const typed: Figures = { [`reviewLitigation.${group}.total`]: total };
  for (const [key, value] of Object.entries(parts)) typed[`reviewLitigation.${group}.${key}`] = value;
  return typed;
}

/** A consistent 2021-edition year with some of everything: it satisfies every rule. */
const CLEAN_2021: Typed = {
  'proactive.normativeDocs.issued': 3,
  'proactive.normativeDocs.repealed': 1,
  'proactive.normativeDocs.inForce': 12,
  'proactive.licensing.decisions': 156,
  'proactive.penalties.decisions': 12,
  'proactive.enforcement.decisions': 2,
  // The column is in 万元: 3.5 is 35000 yuan.
  'proactive.fees.amountYuan': 3.5,
  ...applicationRow('received', { naturalPerson: 5, commercial: 1 }),
  ...applicationRow('carriedIn', { naturalPerson: 1 }),
  ...applicationRow('results.granted', { naturalPerson: 3 }),
  ...applicationRow('results.partial', { naturalPerson: 1 }),
  ...applicationRow('results.unavailable.notHeld', { naturalPerson: 1, commercial: 1 }),
  ...applicationRow('results.total', { naturalPerson: 5, commercial: 1 }),
  ...applicationRow('carriedForward', { naturalPerson: 1 }),
  ...reviewGroup('reconsideration', { upheld: 1 }),
  ...reviewGroup('litigationDirect', { pending: 1 }),
};

/** Two applications, both granted: the smallest consistent 三. */
const TWO_GRANTED: Figures = {
  ...applicationRow('received', { naturalPerson: 2 }),
  ...applicationRow('results.granted', { naturalPerson: 2 }),
  ...applicationRow('results.total', { naturalPerson: 2 }),
};

/** The same report with every 总计 of 三 left blank. */
const withBlankTotals = (figures: Figures): Typed =>
  Object.fromEntries(Object.entries(figures).map(([path, value]) => [path, /^applications\..*\.total$/.test(path) ? null : value]));

/**
 * A consistent 2021-edition year with a different number in each applicant column and in each
 * group of 四, so that a column read from the wrong place shows; every part of 三 that a label
 * variant touches holds a number.
 */
const SPREAD_2021: Figures = {
  'proactive.regulations.issued': 1,
  'proactive.regulations.inForce': 2,
  'proactive.normativeDocs.issued': 3,
  'proactive.normativeDocs.repealed': 1,
  'proactive.normativeDocs.inForce': 12,
  'proactive.licensing.decisions': 156,
  'proactive.penalties.decisions': 12,
  'proactive.enforcement.decisions': 2,
  ...applicationRow('received', { naturalPerson: 7, commercial: 2, research: 3, publicInterest: 4, legalService: 5, otherOrg: 6 }),
  ...applicationRow('carriedIn', { naturalPerson: 1 }),
  ...applicationRow('results.granted', { commercial: 2, research: 3, publicInterest: 4, legalService: 5, otherOrg: 6 }),
  ...applicationRow('results.partial', { naturalPerson: 3 }),
  ...applicationRow('results.other.overdueCorrection', { naturalPerson: 2 }),
  ...applicationRow('results.other.unpaidFee', { naturalPerson: 1 }),
  ...applicationRow('results.total', { naturalPerson: 6, commercial: 2, research: 3, publicInterest: 4, legalService: 5, otherOrg: 6 }),
  ...applicationRow('carriedForward', { naturalPerson: 2 }),
  ...reviewGroup('reconsideration', { upheld: 1, corrected: 2, other: 3, pending: 4 }),
  ...reviewGroup('litigationDirect', { upheld: 5 }),
  ...reviewGroup('litigationAfterReconsideration', { pending: 1 }),
};

/**
 * 三 with a different number in each sub-item numbered 3 and in each row of (六)其他处理: the
 * row "3.其他" is (六)'s only by the parent row above it.
 */
const SUB_ITEMS_2021: Figures = {
  ...applicationRow('received', { naturalPerson: 15, commercial: 6 }),
  ...applicationRow('results.withheld.threeSecurity', { naturalPerson: 2 }),
  ...applicationRow('results.unavailable.unclear', { naturalPerson: 3 }),
  ...applicationRow('results.notProcessed.publication', { naturalPerson: 4 }),
  ...applicationRow('results.other.overdueCorrection', { naturalPerson: 1 }),
  ...applicationRow('results.other.unpaidFee', { commercial: 2 }),
  ...applicationRow('results.other.other', { naturalPerson: 5, commercial: 4 }),
  ...applicationRow('results.total', { naturalPerson: 15, commercial: 6 }),
};

/** The five 法人 columns of a row of 三 left blank, as many reports leave them. */
const blankLegalPersons = (row: string): Typed =>
  Object.fromEntries(APPLICANT_PARTS.slice(1).map((column) => [`applications.${row}.${column.key}`, null]));

/** A consistent 2019-edition year typed as text, in the forms published reports use. */
const TYPED_AS_TEXT: Typed = {
  'proactive.regulations.made': '3 ',
  'proactive.regulations.published': 3,
  'proactive.regulations.totalPublished': '１２',
  'proactive.normativeDocs.made': '22（其中修订16件）',
  'proactive.normativeDocs.published': 22,
  'proactive.normativeDocs.totalPublished': 40,
  'proactive.licensing.previousItems': 1950,
  'proactive.licensing.change': '-1942',
  'proactive.licensing.decisions': 5,
  'proactive.otherServices.previousItems': 10,
  'proactive.otherServices.change': '+43',
  'proactive.otherServices.decisions': '—',
  'proactive.penalties.previousItems': '/',
  'proactive.penalties.change': '无',
  'proactive.penalties.decisions': null,
  'proactive.fees.previousItems': '２',
  'proactive.fees.change': '—',
  'proactive.procurement.projects': 1,
  'proactive.procurement.amountYuan': '251000元',
  'applications.received.naturalPerson': '2 ',
  'applications.received.total': 2,
  ...blankLegalPersons('received'),
  'applications.results.granted.naturalPerson': '２',
  'applications.results.granted.total': 2,
  ...blankLegalPersons('results.granted'),
  ...applicationRow('results.total', { naturalPerson: 2 }),
};

/** What TYPED_AS_TEXT must be read as. */
const READ_FROM_TEXT: Figures = {
  'proactive.regulations.made': 3,
  'proactive.regulations.totalPublished': 12,
  'proactive.normativeDocs.made': 22,
  'proactive.licensing.change': -1942,
  'proactive.otherServices.change': 43,
  'proactive.otherServices.decisions': 0,
  'proactive.penalties.previousItems': 0,
  'proactive.penalties.change': 0,
  'proactive.penalties.decisions': 0,
  'proactive.fees.previousItems': 2,
  'proactive.fees.change': 0,
  'proactive.procurement.amountYuan': 251000,
  'applications.received.naturalPerson': 2,
  'applications.received.commercial': 0,
  'applications.received.total': 2,
  'applications.results.granted.naturalPerson': 2,
  'applications.results.granted.otherOrg': 0,
};

/** One label column, each part on its own sheet (sheets 依申请公开情况, 复议诉讼情况, 主动公开情况). */
const ONE_COLUMN_SHEETS: Layout = { labelColumns: 1, sheets: ['applications', 'reviewLitigation', 'proactive'] };

/** The official label columns, a sheet per part in another order, each table 3 rows down and 2 columns in. */
const SHEETS_OFFSET: Layout = { labelColumns: 3, sheets: ['applications', 'reviewLitigation', 'proactive'], offset: { rows: 3, columns: 2 } };

/** 总计 first, then 自然人, then the five 法人 columns shuffled. */
const APPLICANTS_SHUFFLED: Layout = { ...OFFICIAL, applicantOrder: ['total', 'naturalPerson', 'legalService', 'otherOrg', 'commercial', 'publicInterest', 'research'] };

/** One label column, parent rows on rows of their own, sub-items indented with full-width spaces. */
const ONE_COLUMN_INDENTED: Layout = { labelColumns: 1, sheets: 'one', indent: '\u3000\u3000' };

/** The 2021 template's labels as some departments type them: each must still meet its mapping label. */
const LABEL_VARIANTS_2021: Layout = {
  ...OFFICIAL,
  labels: {
    // The 2019 edition's word in a 2021 report.
    行政规范性文件: '规范性文件',
    // Line breaks and spaces inside labels.
    本年制发件数: '本年制发\n件数',
    '一、本年新收政府信息公开申请数量': '一、本年新收政府信息\n公开申请数量',
    商业企业: '商业 企业',
    社会公益组织: '社会公益\n组织',
    结果维持: '结果\u3000维持',
    // An instruction inside a header.
    现行有效件数: '现行有效件数（截至本年末）',
    法人或其他组织: '法人或者其他组织',
    // Half-width brackets and commas in (二)'s parenthetical.
    '(二)部分公开': '(二)部分公开(区分处理的,只计这一情形,不计其他情形)',
    // "，" for "、".
    '1.申请人无正当理由逾期不补正': '1.申请人无正当理由逾期不补正，行政机关不再处理其政府信息公开申请',
    '2.申请人逾期未按收费通知要求缴纳费用': '2.申请人逾期未按收费通知要求缴纳费用，行政机关不再处理其政府信息公开申请',
  },
};

/**
 * 区财政局's own form: 二 and 四 as the template has them, but 三 in its own words, rows and
 * columns, and 合计 for 总计. The standard mappings find too few of their labels in it;
 * mappings/caizhengju-2021.yaml is its mapping (docs/mappings.md, "Mappings: adding a layout").
 */
const CAIZHENGJU_FORM: Layout = {
  ...OFFICIAL,
  labels: {
    自然人: '个人',
    法人或其他组织: '单位',
    商业企业: '企业',
    科研机构: '科研单位',
    社会公益组织: '公益组织',
    法律服务机构: '律所',
    其他: '其他单位',
    总计: '合计',
    '一、本年新收政府信息公开申请数量': '一、本年收到申请',
    '二、上年结转政府信息公开申请数量': '二、上年结转申请',
    '三、本年度办理结果': '三、办理情况',
    '(一)予以公开': '（一）同意公开',
    '(二)部分公开': '（二）同意部分公开',
    '(三)不予公开': '（三）不同意公开',
    '1.属于国家秘密': '1.国家秘密',
    '2.其他法律行政法规禁止公开': '2.法律法规禁止公开',
    '3.危及“三安全一稳定”': '3.危及安全稳定',
    '4.保护第三方合法权益': '4.第三方权益',
    '5.属于三类内部事务信息': '5.内部事务',
    '6.属于四类过程性信息': '6.过程性信息',
    '7.属于行政执法案卷': '7.执法案卷',
    '8.属于行政查询事项': '8.查询事项',
    '1.本机关不掌握相关政府信息': '1.本机关不掌握',
    '2.没有现成信息需要另行制作': '2.需另行制作',
    '3.补正后申请内容仍不明确': '3.补正后仍不明确',
    '1.信访举报投诉类申请': '1.信访举报投诉',
    '2.重复申请': '2.重复提出申请',
    '3.要求提供公开出版物': '3.要求提供出版物',
    '4.无正当理由大量反复申请': '4.大量反复申请',
    '5.要求行政机关确认或重新出具已获取信息': '5.要求确认或重新出具信息',
    '1.申请人无正当理由逾期不补正': '1.逾期不补正',
    '2.申请人逾期未按收费通知要求缴纳费用': '2.逾期不缴费',
    '3.其他': '3.其他情形',
    '(七)总计': '（七）办结合计',
    '四、结转下年度继续办理': '四、转入下年办理',
  },
};

// --- bytes ------------------------------------------------------------------------------

/** A workbook's file as SheetJS writes it: no timestamps, so the same workbook gives the same bytes. */
const fileOf = (wb: XLSX.WorkBook, bookType: XLSX.BookType = 'xlsx'): Buffer =>
  XLSX.write(wb, { type: 'buffer', bookType, compression: true }) as Buffer;

const workbook = (submission: Submission, bookType: XLSX.BookType = 'xlsx'): Buffer => fileOf(buildWorkbook(submission), bookType);

/** How a CSV's text becomes bytes: GB18030 as Excel on a Chinese Windows saves it, or UTF-8 with or without a BOM. */
const CSV_ENCODINGS = {
  gbk: (text: string) => iconv.encode(text, 'gb18030'),
  'utf-8': (text: string) => Buffer.from(text, 'utf8'),
  'utf-8-bom': (text: string) => Buffer.from(`\ufeff${text}`, 'utf8'),
};

/** The first sheet as CSV in the given encoding (merged cells keep their text in the first cell only). */
const csv = (submission: Submission, encoding: keyof typeof CSV_ENCODINGS): Buffer => {
  const wb = buildWorkbook(submission);
  return CSV_ENCODINGS[encoding](XLSX.utils.sheet_to_csv(wb.Sheets[wb.SheetNames[0]]));
};

/**
 * The first sheet as tab-separated text, as Excel and WPS save it: 文本文件(制表符分隔) in the
 * system's GBK (or UTF-8), and Unicode 文本 in UTF-16LE with a BOM; lines end in CRLF.
 */
const TEXT_ENCODINGS = {
  gbk: (text: string) => iconv.encode(text, 'gb18030'),
  'utf-8': (text: string) => Buffer.from(text, 'utf8'),
  'utf-16le': (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf-16le')]),
};
const tabText = (submission: Submission, encoding: keyof typeof TEXT_ENCODINGS): Buffer => {
  const wb = buildWorkbook(submission);
  return TEXT_ENCODINGS[encoding](XLSX.utils.sheet_to_csv(wb.Sheets[wb.SheetNames[0]], { FS: '\t', RS: '\r\n' }));
};

/** A spreadsheet that is not a report: a department's 行政执法 statistics. */
function otherSpreadsheet(): Buffer {
  const wb = XLSX.utils.book_new();
  const rows = [
    [`${DISTRICT}司法局2022年行政执法数据统计表`],
    ['执法类别', '案件数量', '办结数量', '办结率', '备注'],
    ['行政许可', 214, 214, '100%', null],
    ['行政处罚', 57, 55, '96.5%', '2件在办'],
    ['行政强制', 3, 3, '100%', null],
    ['其他', 12, 12, '100%', null],
  ];
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), '执法统计');
  return fileOf(wb);
}

// --- the samples ------------------------------------------------------------------------

const rejectedWith = (rule: string): Pick<Sample, 'status' | 'findings'> => ({ status: 'rejected', findings: [{ rule }] });

export const SAMPLES: readonly Sample[] = [
  {
    file: `seed_${SEED.title}.xlsx`,
    about: 'The seed report in the official layout: a 2021 report in the 2019 edition',
    bytes: () => workbook(SEED),
    status: 'clean',
    findings: [{ rule: 'T0.edition-superseded' }],
  },
  {
    file: `clean-2021_${titleOf('教育和体育局', 2022)}.xlsx`,
    about: 'A consistent 2021-edition report with numbers in every part',
    bytes: () => workbook(report2021('教育和体育局', CLEAN_2021)),
    status: 'clean',
    findings: [],
  },
  {
    file: `clean-2019-label-variants_${titleOf('水利局', 2020)}.xlsx`,
    about: 'A consistent 2019-edition report with label variants (法人或者其他组织, 本年度增/减 with an instruction in the header, （七）, "" quotes), offset tables, "增加2项" and "75.35万元"',
    bytes: () => workbook(report2019('水利局', {
      'proactive.licensing.previousItems': 6,
      'proactive.licensing.change': '增加2项',
      'proactive.licensing.decisions': 41,
      'proactive.procurement.projects': 2,
      'proactive.procurement.amountYuan': '75.35万元',
      ...TWO_GRANTED,
    }, {
      labelColumns: 3,
      sheets: 'one',
      offset: { rows: 1, columns: 1 },
      labels: {
        法人或其他组织: '法人或者其他组织',
        '本年增/减': '本年度增/减(指2020年增加或减少的事项数,减用负值表示,如-8)',
        '(七)总计': '（七）总计',
        '3.危及“三安全一稳定”': '3.危及"三安全一稳定"',
      },
    })),
    status: 'clean',
    findings: [],
  },
  {
    file: `${DISTRICT}审计局_2022.xlsx`,
    about: 'No title: the agency and the year come from the file name',
    bytes: () => workbook({ title: null, edition: '2021', values: TWO_GRANTED }),
    status: 'clean',
    findings: [],
  },
  {
    file: `PARSE.extra-row_${titleOf('发展和改革局', 2020)}.xlsx`,
    about: 'A row the template lacks (其他主动公开文件) inside 二 (一), in one label column: kept under extra',
    bytes: () => workbook(report2019('发展和改革局', {}, { labelColumns: 1, sheets: 'one', extraRows: { 其他主动公开文件: [3, 3, 5] } })),
    status: 'clean',
    findings: [{ rule: 'PARSE.extra-row', sheet: SHEET, cell: 'A7' }],
  },

  // Layouts, label variants, values typed as text, formats: each imports with what was typed.
  {
    file: `layout-sheets-offset_${titleOf('行政审批服务局', 2022)}.xlsx`,
    about: 'A sheet per part (依申请公开情况, 复议诉讼情况, 主动公开情况: not the template\'s order), each table 3 rows down and 2 columns in, the title on the first sheet only',
    bytes: () => workbook(report2021('行政审批服务局', SPREAD_2021, SHEETS_OFFSET)),
    status: 'clean',
    findings: [],
    values: SPREAD_2021,
  },
  {
    file: `layout-applicant-order_${titleOf('人民防空办公室', 2022)}.xlsx`,
    about: '三\'s applicant columns in another order: 总计 first, then 自然人, then the 法人 columns shuffled',
    bytes: () => workbook(report2021('人民防空办公室', SPREAD_2021, APPLICANTS_SHUFFLED)),
    status: 'clean',
    findings: [],
    values: SPREAD_2021,
  },
  {
    file: `layout-one-column-indented_${titleOf('信访局', 2022)}.xlsx`,
    about: 'One label column, parent rows such as (三)不予公开 on rows of their own, sub-items indented: 3.其他 is (六)其他处理\'s by its parent',
    bytes: () => workbook(report2021('信访局', SUB_ITEMS_2021, ONE_COLUMN_INDENTED)),
    status: 'clean',
    findings: [],
    values: SUB_ITEMS_2021,
  },
  {
    file: `label-variants-2021_${DISTRICT}投资促进局2022年政府信息公开年度报告.xlsx`,
    about: 'A 2021-edition report with 规范性文件, line breaks and spaces in labels, an instruction in a header, 法人或者其他组织, half-width brackets, "，" for "、", and a title without 工作',
    bytes: () => workbook({ ...report2021('投资促进局', SPREAD_2021, LABEL_VARIANTS_2021), title: `${DISTRICT}投资促进局2022年政府信息公开年度报告` }),
    status: 'clean',
    findings: [],
    values: SPREAD_2021,
  },
  {
    file: `values-as-text_${titleOf('粮食和物资储备局', 2020)}.xlsx`,
    about: 'Numbers typed as text: "3 ", full-width digits, "—", "/", "无", blanks, "-1942", "+43", "251000元", and "22（其中修订16件）" (a warning)',
    bytes: () => workbook(report2019('粮食和物资储备局', TYPED_AS_TEXT)),
    status: 'clean',
    findings: [{ rule: 'VALUE.annotated', sheet: SHEET, cell: 'B6' }],
    values: READ_FROM_TEXT,
  },
  {
    file: `format-et_${titleOf('生态环境分局', 2022)}.et`,
    about: 'A WPS Spreadsheets .et file (BIFF8 inside, like .xls)',
    bytes: () => workbook(report2021('生态环境分局', SPREAD_2021), 'biff8'),
    status: 'clean',
    findings: [],
    values: SPREAD_2021,
  },
  {
    file: `format-csv-utf8_${titleOf('档案馆', 2022)}.csv`,
    about: 'A UTF-8 CSV without a BOM, of the official layout: parent labels and group headers typed once, in the first cell of what was merged',
    bytes: () => csv(report2021('档案馆', SPREAD_2021), 'utf-8'),
    status: 'clean',
    findings: [],
    values: SPREAD_2021,
  },
  {
    file: `format-csv-utf8-bom_${titleOf('机关事务服务中心', 2022)}.csv`,
    about: 'A UTF-8 CSV with a BOM (as Excel\'s "CSV UTF-8" saves it), in one label column',
    bytes: () => csv(report2021('机关事务服务中心', SPREAD_2021, { labelColumns: 1, sheets: 'one' }), 'utf-8-bom'),
    status: 'clean',
    findings: [],
    values: SPREAD_2021,
  },
  {
    file: `mapping-caizhengju-2021_${titleOf('财政局', 2022)}.xlsx`,
    about: '区财政局\'s own form (三 in its own words, 合计 for 总计): imported with mappings/caizhengju-2021.yaml; PARSE.no-mapping without it',
    bytes: () => workbook(report2021('财政局', SPREAD_2021, CAIZHENGJU_FORM)),
    status: 'clean',
    findings: [],
    values: SPREAD_2021,
  },

  // The forms of issue 13: hidden sheets, titles, names as written, tab-separated text, xlsb, money.
  {
    file: `format-hidden-sheet_${titleOf('城市管理局', 2022)}.xlsx`,
    about: 'Last year\'s report on a hidden first sheet (2021年报), this year\'s on the visible one (2022年报): read from the visible sheet only, as the 2022 report',
    bytes: () => fileOf(buildCombined([
      { name: '2021年报', content: { title: titleOf('城市管理局', 2021), edition: '2021', values: CLEAN_2021 }, hidden: true },
      { name: '2022年报', content: report2021('城市管理局', SPREAD_2021) },
    ])),
    status: 'clean',
    findings: [],
    values: SPREAD_2021,
    identity: { agency: `${DISTRICT}城市管理局`, year: 2022 },
  },
  {
    file: `PARSE.hidden-sheet_${titleOf('公安分局', 2022)}.xlsx`,
    about: 'The tables only on a hidden sheet (年报), behind a visible 填报说明: read from it, with a warning naming it',
    bytes: () => fileOf(buildCombined([
      { name: '填报说明', content: [['填报说明'], ['本表按国办公开办函〔2021〕30号模板填写，数据截至2022年12月31日。']] },
      { name: '年报', content: report2021('公安分局', SPREAD_2021), hidden: true },
    ])),
    status: 'clean',
    findings: [{ rule: 'PARSE.hidden-sheet' }],
    values: SPREAD_2021,
    identity: { agency: `${DISTRICT}公安分局`, year: 2022 },
  },

  {
    file: `values-money-yen_${titleOf('文化路街道办事处', 2020)}.xlsx`,
    about: 'Money with a currency sign and thousands separators: 采购总金额 "￥463,000.00" is 463000 yuan',
    bytes: () => workbook(report2019('文化路街道办事处', { 'proactive.procurement.projects': 2, 'proactive.procurement.amountYuan': '￥463,000.00' })),
    status: 'clean',
    findings: [],
    values: { 'proactive.procurement.projects': 2, 'proactive.procurement.amountYuan': 463000 },
  },
  {
    file: `VALUE.date-formatted_${titleOf('垎塔埠街道办事处', 2022)}.xlsx`,
    about: 'A count typed into a cell formatted as a date: 行政许可 本年处理决定数量 1 shows as 1900/1/1; the number is taken (a warning)',
    bytes: () => workbook(report2021('垎塔埠街道办事处', { ...TWO_GRANTED, 'proactive.licensing.decisions': { t: 'n', v: 1, z: 'yyyy/m/d' } })),
    status: 'clean',
    findings: [{ rule: 'VALUE.date-formatted', sheet: SHEET, cell: 'B9' }],
    values: { 'proactive.licensing.decisions': 1, 'applications.received.total': 2 },
  },
  {
    file: `VALUE.beyond-exact_${titleOf('矿区街道办事处', 2022)}.xlsx`,
    about: 'An 18-digit ID number typed into a count (行政许可 本年处理决定数量, shown 3.70402E+17): that cell is an error, the rest of the report imports',
    bytes: () => workbook(report2021('矿区街道办事处', { ...CLEAN_2021, 'proactive.licensing.decisions': 370402198801011234 })),
    status: 'discrepancies',
    findings: [{ rule: 'VALUE.beyond-exact', sheet: SHEET, cell: 'B9' }],
    values: { 'proactive.penalties.decisions': 12, 'applications.received.total': 6, 'reviewLitigation.reconsideration.total': 1 },
  },
  {
    file: `VALUE.sub-fen_${titleOf('残疾人联合会', 2020)}.xlsx`,
    about: 'Money below the fen: 采购总金额 "￥463,000.005" is flagged on its cell, not stored with a third decimal',
    bytes: () => workbook(report2019('残疾人联合会', { 'proactive.procurement.projects': 1, 'proactive.procurement.amountYuan': '￥463,000.005' })),
    status: 'discrepancies',
    findings: [{ rule: 'VALUE.sub-fen', sheet: SHEET, cell: 'C20' }],
    values: { 'proactive.procurement.projects': 1 },
  },
  {
    file: 'title-chinese-numerals_税郭镇年报.xlsx',
    about: 'The year in Chinese numerals in the title (二〇二二年); the file name says neither agency nor year',
    bytes: () => workbook({ ...report2021('税郭镇人民政府', SPREAD_2021), title: `${DISTRICT}税郭镇人民政府二〇二二年政府信息公开工作年度报告` }),
    status: 'clean',
    findings: [],
    values: SPREAD_2021,
    identity: { agency: `${DISTRICT}税郭镇人民政府`, year: 2022 },
  },
  {
    file: 'title-year-in-brackets_永安镇年报.xlsx',
    about: 'The year in brackets after the name: …政府信息公开工作年度报告（2022年度）',
    bytes: () => workbook({ ...report2021('永安镇人民政府', SPREAD_2021), title: `${DISTRICT}永安镇人民政府政府信息公开工作年度报告（2022年度）` }),
    status: 'clean',
    findings: [],
    values: SPREAD_2021,
    identity: { agency: `${DISTRICT}永安镇人民政府`, year: 2022 },
  },
  {
    file: 'title-fill-unit_区政府办公室年报.xlsx',
    about: 'A title with the year only and a 填报单位 line naming the agency, its official name with a full-width bracket part, kept as written; the line\'s 填报日期 (2023) is not the year',
    bytes: () => workbook({
      ...report2021('人民政府办公室（区政府研究室）', SPREAD_2021),
      title: '2022年政府信息公开工作年度报告',
      byline: `填报单位：${DISTRICT}人民政府办公室（区政府研究室）\u3000\u3000\u3000\u3000填报日期：2023年1月16日`,
    }),
    status: 'clean',
    findings: [],
    values: SPREAD_2021,
    identity: { agency: `${DISTRICT}人民政府办公室（区政府研究室）`, year: 2022 },
  },
  {
    file: `title-no-year_${DISTRICT}龙山路街道_2022.xlsx`,
    about: 'A title naming the agency but no year: the year from the file name, the agency still the title\'s (not the file\'s 枣庄市市中区龙山路街道)',
    bytes: () => workbook({ ...report2021('龙山路街道办事处', SPREAD_2021), title: `${DISTRICT}龙山路街道办事处政府信息公开工作年度报告` }),
    status: 'clean',
    findings: [],
    values: SPREAD_2021,
    identity: { agency: `${DISTRICT}龙山路街道办事处`, year: 2022 },
  },
  {
    file: `format-txt-gbk_${titleOf('光明路街道办事处', 2022)}.txt`,
    about: 'Excel\'s 文本文件(制表符分隔): tab-separated text in GBK, named .txt',
    bytes: () => tabText(report2021('光明路街道办事处', SPREAD_2021), 'gbk'),
    status: 'clean',
    findings: [],
    values: SPREAD_2021,
    identity: { agency: `${DISTRICT}光明路街道办事处`, year: 2022 },
  },
  {
    file: `format-txt-unicode_${titleOf('中心街街道办事处', 2022)}.txt`,
    about: 'Excel\'s Unicode 文本: tab-separated text in UTF-16LE with a BOM, named .txt, in one label column',
    bytes: () => tabText(report2021('中心街街道办事处', SPREAD_2021, { labelColumns: 1, sheets: 'one' }), 'utf-16le'),
    status: 'clean',
    findings: [],
    values: SPREAD_2021,
    identity: { agency: `${DISTRICT}中心街街道办事处`, year: 2022 },
  },
  {
    file: `format-tsv_${titleOf('西王庄镇人民政府', 2022)}.tsv`,
    about: 'Tab-separated text in UTF-8, named .tsv',
    bytes: () => tabText(report2021('西王庄镇人民政府', SPREAD_2021), 'utf-8'),
    status: 'clean',
    findings: [],
    values: SPREAD_2021,
    identity: { agency: `${DISTRICT}西王庄镇人民政府`, year: 2022 },
  },
  {
    file: `format-csv-tabs_${titleOf('孟庄镇人民政府', 2022)}.csv`,
    about: 'Tab-separated GBK text renamed .csv: the delimiter is sniffed, not taken from the extension',
    bytes: () => tabText(report2021('孟庄镇人民政府', SPREAD_2021), 'gbk'),
    status: 'clean',
    findings: [],
    values: SPREAD_2021,
    identity: { agency: `${DISTRICT}孟庄镇人民政府`, year: 2022 },
  },
  {
    file: `format-xlsb_${titleOf('齐村镇人民政府', 2022)}.xlsb`,
    about: 'An Excel binary workbook (.xlsb)',
    bytes: () => workbook(report2021('齐村镇人民政府', SPREAD_2021), 'xlsb'),
    status: 'clean',
    findings: [],
    values: SPREAD_2021,
    identity: { agency: `${DISTRICT}齐村镇人民政府`, year: 2022 },
  },

  // File rules: each sample breaks one.
  {
    file: `T2.items-nonnegative_${titleOf('民政局', 2020)}.xlsx`,
    about: '行政许可: 上一年项目数量 2 and 本年增/减 "减3" leave -1 items',
    bytes: () => workbook(report2019('民政局', { 'proactive.licensing.previousItems': 2, 'proactive.licensing.change': '减3' })),
    status: 'discrepancies',
    findings: [{ rule: 'T2.items-nonnegative', sheet: SHEET, cell: 'B9' }],
  },
  {
    file: `T2.published-within-total_${titleOf('医疗保障局', 2020)}.xlsx`,
    about: '规范性文件: 本年新公开数量 3 exceeds 对外公开总数量 2',
    bytes: () => workbook(report2019('医疗保障局', {
      'proactive.normativeDocs.made': 3,
      'proactive.normativeDocs.published': 3,
      'proactive.normativeDocs.totalPublished': 2,
    })),
    status: 'discrepancies',
    findings: [{ rule: 'T2.published-within-total', sheet: SHEET, cell: 'C6' }],
  },
  {
    file: `T2.items-look-like-cases_${titleOf('市场监督管理局', 2020)}.xlsx`,
    about: '行政处罚: 8249 / -1942 / 6307, item counts that are really case counts (a warning)',
    bytes: () => workbook(report2019('市场监督管理局', {
      'proactive.penalties.previousItems': 8249,
      'proactive.penalties.change': '-1942',
      'proactive.penalties.decisions': 6307,
    })),
    status: 'clean',
    findings: [{ rule: 'T2.items-look-like-cases', sheet: SHEET, cell: 'B13' }],
  },
  {
    file: `T2.in-force-vs-issued_${titleOf('自然资源局', 2022)}.xlsx`,
    about: '行政规范性文件: 本年制发件数 5 exceeds 现行有效件数 3 + 本年废止件数 1 (a warning)',
    bytes: () => workbook(report2021('自然资源局', {
      'proactive.normativeDocs.issued': 5,
      'proactive.normativeDocs.repealed': 1,
      'proactive.normativeDocs.inForce': 3,
    })),
    status: 'clean',
    findings: [{ rule: 'T2.in-force-vs-issued', sheet: SHEET, cell: 'B6' }],
  },
  {
    file: `T3.row-total_${titleOf('人力资源和社会保障局', 2022)}.xls`,
    about: 'An .xls in one label column, a sheet per part: 总计 5 where the parts add to 4 (4 自然人), on rows 一, (一) and (七)',
    bytes: () => workbook(report2021('人力资源和社会保障局', {
      ...applicationRow('received', { naturalPerson: 4 }, 5),
      ...applicationRow('results.granted', { naturalPerson: 4 }, 5),
      ...applicationRow('results.total', { naturalPerson: 4 }, 5),
    }, ONE_COLUMN_SHEETS), 'biff8'),
    status: 'discrepancies',
    findings: [
      { rule: 'T3.row-total', sheet: '依申请公开情况', cell: 'H6' },
      { rule: 'T3.row-total', sheet: '依申请公开情况', cell: 'H9' },
      { rule: 'T3.row-total', sheet: '依申请公开情况', cell: 'H34' },
    ],
  },
  {
    file: `T3.results-total_${titleOf('住房和城乡建设局', 2022)}.ods`,
    about: 'An .ods: (七)总计 says 2 where the result rows (2 granted, 1 partly) add to 3',
    bytes: () => workbook(report2021('住房和城乡建设局', {
      ...applicationRow('received', { naturalPerson: 3 }),
      ...applicationRow('results.granted', { naturalPerson: 2 }),
      ...applicationRow('results.partial', { naturalPerson: 1 }),
      ...applicationRow('results.total', { naturalPerson: 2 }),
      ...applicationRow('carriedForward', { naturalPerson: 1 }),
    }), 'ods'),
    status: 'discrepancies',
    findings: [
      { rule: 'T3.results-total', sheet: SHEET, cell: 'D44' },
      { rule: 'T3.results-total', sheet: SHEET, cell: 'J44' },
    ],
  },
  {
    file: `T3.balance_${titleOf('卫生健康局', 2022)}.csv`,
    about: 'A GBK-encoded CSV: 3 received, 2 handled, none carried forward (一 + 二 ≠ 三(七) + 四)',
    bytes: () => csv(report2021('卫生健康局', {
      ...applicationRow('received', { naturalPerson: 3 }),
      ...applicationRow('results.granted', { naturalPerson: 2 }),
      ...applicationRow('results.total', { naturalPerson: 2 }),
    }, { labelColumns: 1, sheets: 'one' }), 'gbk'),
    status: 'discrepancies',
    findings: [
      { rule: 'T3.balance', sheet: `T3.balance_${titleOf('卫生健康局', 2022)}`, cell: 'B21' },
      { rule: 'T3.balance', sheet: `T3.balance_${titleOf('卫生健康局', 2022)}`, cell: 'H21' },
    ],
  },
  {
    file: `T4.group-total_${titleOf('交通运输局', 2020)}.xlsx`,
    about: '行政复议: 总计 1 where 结果维持 1 + 结果纠正 1 is 2',
    bytes: () => workbook(report2019('交通运输局', reviewGroup('reconsideration', { upheld: 1, corrected: 1 }, 1))),
    status: 'discrepancies',
    findings: [{ rule: 'T4.group-total', sheet: SHEET, cell: 'E52' }],
  },
  {
    file: `T4.litigation-vs-reconsideration_${titleOf('农业农村局', 2022)}.xlsx`,
    about: '复议后起诉 1 without any 行政复议 this year (a warning)',
    bytes: () => workbook(report2021('农业农村局', reviewGroup('litigationAfterReconsideration', { upheld: 1 }))),
    status: 'clean',
    findings: [{ rule: 'T4.litigation-vs-reconsideration', sheet: SHEET, cell: 'O50' }],
  },

  // Cell values.
  {
    file: `VALUE.unparseable_${titleOf('文化和旅游局', 2020)}.xlsx`,
    about: 'A word in a count: 规章 本年新制作数量 "不详"',
    bytes: () => workbook(report2019('文化和旅游局', { 'proactive.regulations.made': '不详' })),
    status: 'discrepancies',
    findings: [{ rule: 'VALUE.unparseable', sheet: SHEET, cell: 'B5' }],
  },
  {
    file: `VALUE.non-integer_${titleOf('统计局', 2020)}.xlsx`,
    about: 'A decimal count: 行政处罚 处理决定数量 3.5',
    bytes: () => workbook(report2019('统计局', { 'proactive.penalties.decisions': 3.5 })),
    status: 'discrepancies',
    findings: [{ rule: 'VALUE.non-integer', sheet: SHEET, cell: 'D13' }],
  },
  {
    file: `VALUE.negative_${titleOf('退役军人事务局', 2020)}.xlsx`,
    about: 'A negative count: 规章 本年新制作数量 "-3"',
    bytes: () => workbook(report2019('退役军人事务局', { 'proactive.regulations.made': '-3' })),
    status: 'discrepancies',
    findings: [{ rule: 'VALUE.negative', sheet: SHEET, cell: 'B5' }],
  },
  {
    file: `VALUE.annotated_${titleOf('司法局', 2020)}.xlsx`,
    about: 'A number with a note: 规范性文件 本年新制作数量 "22（其中修订16件）" is 22 (a warning)',
    bytes: () => workbook(report2019('司法局', {
      'proactive.normativeDocs.made': '22（其中修订16件）',
      'proactive.normativeDocs.published': 22,
      'proactive.normativeDocs.totalPublished': 40,
    })),
    status: 'clean',
    findings: [{ rule: 'VALUE.annotated', sheet: SHEET, cell: 'B6' }],
  },
  {
    file: `VALUE.total-blank_${titleOf('应急管理局', 2022)}.xlsx`,
    about: '总计 left blank on rows whose parts are not zero: filled from the parts (a warning)',
    bytes: () => workbook(report2021('应急管理局', withBlankTotals(TWO_GRANTED))),
    status: 'clean',
    findings: [
      { rule: 'VALUE.total-blank', sheet: SHEET, cell: 'J21' },
      { rule: 'VALUE.total-blank', sheet: SHEET, cell: 'J23' },
      { rule: 'VALUE.total-blank', sheet: SHEET, cell: 'J44' },
    ],
  },
  {
    file: `VALUE.unknown-unit_${titleOf('商务局', 2020)}.xlsx`,
    about: 'A sum in a currency the template does not use: 采购总金额 "75美元"',
    bytes: () => workbook(report2019('商务局', { 'proactive.procurement.projects': 1, 'proactive.procurement.amountYuan': '75美元' })),
    status: 'discrepancies',
    findings: [{ rule: 'VALUE.unknown-unit', sheet: SHEET, cell: 'C20' }],
  },
  {
    file: `VALUE.formula-uncached_${titleOf('工业和信息化局', 2022)}.xlsx`,
    about: '一、本年新收 总计 is a formula saved without its result (written by a program, never recalculated)',
    bytes: () => workbook(report2021('工业和信息化局', {
      ...TWO_GRANTED,
      'applications.received.total': { t: 'n', f: 'SUM(D21:I21)' },
    })),
    status: 'discrepancies',
    findings: [{ rule: 'VALUE.formula-uncached', sheet: SHEET, cell: 'J21' }],
  },

  // Files the pipeline can not import.
  {
    file: 'PARSE.identity_无标题的年报.xlsx',
    about: 'A report with no title and a file name without agency or year',
    bytes: () => workbook({ title: null, edition: '2021', values: {} }),
    ...rejectedWith('PARSE.identity'),
  },
  {
    file: `PARSE.no-mapping_${DISTRICT}司法局2022年行政执法数据统计表.xlsx`,
    about: 'A spreadsheet of something else (行政执法 statistics): no mapping matches',
    bytes: otherSpreadsheet,
    ...rejectedWith('PARSE.no-mapping'),
  },
  {
    file: `PARSE.unreadable_${titleOf('科学技术局', 2022)}（传输中断）.xlsx`,
    about: 'A workbook cut off after 2000 bytes, as by a broken upload',
    bytes: () => workbook(report2021('科学技术局', {})).subarray(0, 2000),
    ...rejectedWith('PARSE.unreadable'),
  },
];
