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
import { buildWorkbook, SEED, type Layout, type Submission, type Typed } from './layouts';

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

/** One row of 三: its parts, and its 总计 — their sum unless given (null leaves the cell blank). */
function applicationRow(row: string, parts: Partial<Record<ApplicantPart, number>>, total: number | null = sumOf(parts)): Typed {
  const typed: Typed = { [`applications.${row}.total`]: total };
  for (const column of APPLICANT_PARTS) typed[`applications.${row}.${column.key}`] = parts[column.key as ApplicantPart] ?? 0;
  return typed;
}

/** One group of 四: its parts, and its 总计 — their sum unless given. */
function reviewGroup(group: string, parts: Partial<Record<ReviewPart, number>>, total: number = sumOf(parts)): Typed {
  const typed: Typed = { [`reviewLitigation.${group}.total`]: total };
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
const TWO_GRANTED: Typed = {
  ...applicationRow('received', { naturalPerson: 2 }),
  ...applicationRow('results.granted', { naturalPerson: 2 }),
  ...applicationRow('results.total', { naturalPerson: 2 }),
};

/** One label column, each part on its own sheet (sheets 依申请公开情况, 复议诉讼情况, 主动公开情况). */
const ONE_COLUMN_SHEETS: Layout = { labelColumns: 1, sheets: ['applications', 'reviewLitigation', 'proactive'] };

// --- bytes ------------------------------------------------------------------------------

/** A workbook's file as SheetJS writes it: no timestamps, so the same workbook gives the same bytes. */
const fileOf = (wb: XLSX.WorkBook, bookType: XLSX.BookType = 'xlsx'): Buffer =>
  XLSX.write(wb, { type: 'buffer', bookType, compression: true }) as Buffer;

const workbook = (submission: Submission, bookType: XLSX.BookType = 'xlsx'): Buffer => fileOf(buildWorkbook(submission), bookType);

/** The first sheet as CSV, in the encoding Excel on a Chinese Windows saves it in (GBK/GB18030). */
const gbkCsv = (submission: Submission): Buffer => {
  const wb = buildWorkbook(submission);
  return iconv.encode(XLSX.utils.sheet_to_csv(wb.Sheets[wb.SheetNames[0]]), 'gb18030');
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
    about: 'A consistent 2019-edition report with label variants, an instruction in a header, offset tables, "增加2项" and "75.35万元"',
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
        '本年增/减': '本年增/减(指2020年增加或减少的事项数,减用负值表示,如-8)',
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

  // File rules: each sample breaks one.
  {
    file: `T2.items-nonnegative_${titleOf('民政局', 2020)}.xlsx`,
    about: '行政许可: 上一年项目数量 2 and 本年增/减 "减3" leave -1 items',
    bytes: () => workbook(report2019('民政局', { 'proactive.licensing.previousItems': 2, 'proactive.licensing.change': '减3' })),
    status: 'discrepancies',
    findings: [{ rule: 'T2.items-nonnegative', sheet: SHEET, cell: 'B9' }],
  },
  {
    file: `T2.published-within-total_${titleOf('财政局', 2020)}.xlsx`,
    about: '规范性文件: 本年新公开数量 3 exceeds 对外公开总数量 2',
    bytes: () => workbook(report2019('财政局', {
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
    bytes: () => gbkCsv(report2021('卫生健康局', {
      ...applicationRow('received', { naturalPerson: 3 }),
      ...applicationRow('results.granted', { naturalPerson: 2 }),
      ...applicationRow('results.total', { naturalPerson: 2 }),
    }, { labelColumns: 1, sheets: 'one' })),
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
    bytes: () => workbook(report2021('应急管理局', {
      ...applicationRow('received', { naturalPerson: 2 }, null),
      ...applicationRow('results.granted', { naturalPerson: 2 }, null),
      ...applicationRow('results.total', { naturalPerson: 2 }, null),
    })),
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
