/**
 * A finding's key (findingKey) is what decisions are recorded on: it must survive a rerun, a
 * re-laid-out copy of the same report and a reworded message, and tell apart every finding of
 * a report. These tests go through importBytes, as the run does.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as XLSX from 'xlsx';
import type { Finding } from '../../src/model/finding';
import { importBytes, type ImportOutcome } from '../../src/pipeline/import';
import { MESSAGES, renderMessage, type RuleId } from '../../src/reconcile/messages';
import { buildWorkbook, OFFICIAL, type Layout, type Submission } from '../../scripts/layouts';
import { IMPORTED_AT, REPO, imported, importSettings } from '../helpers/import';

const INBOX = path.join(REPO, 'samples', 'inbox');
const TITLE = '枣庄市市中区卫生健康局2022年政府信息公开工作年度报告';

/** A 2021-edition report that breaks many rules at once, in rows of all three tables. */
const BROKEN: Submission = {
  title: TITLE,
  edition: '2021',
  values: {
    // T2.in-force-vs-issued: 5 issued, 3 in force + 1 repealed.
    'proactive.normativeDocs.issued': 5,
    'proactive.normativeDocs.repealed': 1,
    'proactive.normativeDocs.inForce': 3,
    // VALUE.non-integer.
    'proactive.licensing.decisions': 3.5,
    // VALUE.unparseable.
    'proactive.penalties.decisions': '不详',
    // T3.row-total on 一 (总计 5, parts 4), T3.results-total, T3.balance.
    'applications.received.naturalPerson': 4,
    'applications.received.commercial': 0,
    'applications.received.total': 5,
    'applications.results.granted.naturalPerson': 2,
    'applications.results.granted.total': 2,
    'applications.results.total.naturalPerson': 3,
    'applications.results.total.total': 3,
    // T4.group-total: 总计 1 where 1 + 1.
    'reviewLitigation.reconsideration.upheld': 1,
    'reviewLitigation.reconsideration.corrected': 1,
    'reviewLitigation.reconsideration.total': 1,
  },
};

/** The same report as departments lay it out otherwise: tables moved, columns reordered. */
const RELAID: Array<[string, Layout, XLSX.BookType, string]> = [
  ['a sheet per table in another order, one label column (.xls)', { labelColumns: 1, sheets: ['reviewLitigation', 'applications', 'proactive'] }, 'biff8', 'xls'],
  ['tables offset, applicant columns reversed with 总计 first', {
    labelColumns: 3,
    sheets: 'one',
    offset: { rows: 3, columns: 2 },
    applicantOrder: ['total', 'otherOrg', 'legalService', 'publicInterest', 'research', 'commercial', 'naturalPerson'],
  }, 'xlsx', 'xlsx'],
  ['one label column, indented, everything on one sheet (.ods)', { labelColumns: 1, sheets: 'one', indent: '　　' }, 'ods', 'ods'],
];

const bytesOf = (submission: Submission, bookType: XLSX.BookType = 'xlsx'): Buffer =>
  Buffer.from(XLSX.write(buildWorkbook(submission), { type: 'buffer', bookType }) as Uint8Array);

const importAs = (bytes: Buffer, file: string, importedAt = IMPORTED_AT): Promise<ImportOutcome> =>
  importBytes(bytes, file, importSettings(), importedAt);

/** Each finding by its key: what it is about (rule and fields), not where or how it is worded. */
const byKey = (findings: readonly Finding[]): Record<string, { rule: string; fields: string[] }> =>
  Object.fromEntries(findings.map((f) => [f.key, { rule: f.rule, fields: f.fields }]));

const keysOf = (findings: readonly Finding[]): string[] => findings.map((f) => f.key).sort();

describe('finding keys', () => {
  let reference: ReturnType<typeof imported>;
  beforeAll(async () => {
    reference = imported(await importAs(bytesOf(BROKEN), `${TITLE}.xlsx`));
  });

  it('come from a report that breaks rules in every table (the fixture is not vacuous)', () => {
    expect(reference.status).toBe('discrepancies');
    expect([...new Set(reference.findings.map((f) => f.rule))].sort()).toEqual([
      'T2.in-force-vs-issued', 'T3.balance', 'T3.results-total', 'T3.row-total', 'T4.group-total',
      'VALUE.non-integer', 'VALUE.unparseable',
    ]);
    for (const f of reference.findings) expect(f.key).toMatch(/^[0-9a-f]{16}$/);
  });

  it('are the same when the same report is imported twice (another run, another clock)', async () => {
    const bytes = bytesOf(BROKEN);
    const first = await importAs(bytes, `${TITLE}.xlsx`);
    const second = await importAs(bytes, `${TITLE}.xlsx`, '2025-01-01T00:00:00.000Z');
    expect(keysOf(second.findings)).toEqual(keysOf(first.findings));
    expect(second.findings).toEqual(first.findings);
    expect(keysOf(first.findings)).toEqual(keysOf(reference.findings));
  });

  it('do not depend on the file\'s name when the report says its agency and year', async () => {
    const renamed = imported(await importAs(bytesOf(BROKEN), `inbox/2022/${TITLE}（修订版）.xlsx`));
    expect(renamed.agency).toBe(reference.agency);
    expect(byKey(renamed.findings)).toEqual(byKey(reference.findings));
  });

  it.each(RELAID)('are the same for a re-laid-out copy: %s', async (_name, layout, bookType, extension) => {
    const outcome = imported(await importAs(bytesOf({ ...BROKEN, layout }, bookType), `${TITLE}.${extension}`));
    expect(outcome).toMatchObject({ agency: reference.agency, year: reference.year, edition: reference.edition });
    expect(byKey(outcome.findings)).toEqual(byKey(reference.findings));
    // The copy really moved the cells the findings point at: the keys held regardless.
    const cellsOf = (findings: readonly Finding[]) => Object.fromEntries(findings.map((f) => [f.key, `${f.sheet}!${f.cells.join(',')}`]));
    const moved = Object.entries(cellsOf(outcome.findings)).filter(([key, at]) => cellsOf(reference.findings)[key] !== at);
    expect(moved.length).toBeGreaterThan(0);
  });

  it('differ when the report is another agency\'s or another year\'s', async () => {
    const other = imported(await importAs(bytesOf({ ...BROKEN, title: '枣庄市市中区民政局2022年政府信息公开工作年度报告' }), '民政局.xlsx'));
    const otherYear = imported(await importAs(bytesOf({ ...BROKEN, title: '枣庄市市中区卫生健康局2023年政府信息公开工作年度报告' }), '卫生健康局_2023.xlsx'));
    const keys = new Set(keysOf(reference.findings));
    for (const f of [...other.findings, ...otherYear.findings]) expect(keys.has(f.key)).toBe(false);
  });

  describe('never include a message', () => {
    /** MESSAGES as a plain map by rule id, to swap templates (each takes its own rule's draft). */
    const templates = MESSAGES as Record<RuleId, (d: never) => string>;
    const rules = Object.keys(MESSAGES) as RuleId[];
    const saved = { ...templates };
    afterEach(() => {
      for (const rule of rules) templates[rule] = saved[rule];
    });

    it('so rewording a template changes what is shown but no key', async () => {
      const before = reference.findings;
      const rule = 'T3.row-total';
      const old = renderMessage(before.find((f) => f.rule === rule)!);
      MESSAGES[rule] = (d) => `总计与分项之和不符：${d.expected} ≠ ${d.actual}（新措辞）`;
      const after = imported(await importAs(bytesOf(BROKEN), `${TITLE}.xlsx`)).findings;
      expect(keysOf(after)).toEqual(keysOf(before));
      expect(after).toEqual(before);
      const reworded = renderMessage(after.find((f) => f.rule === rule)!);
      expect(reworded).toContain('新措辞');
      expect(reworded).not.toBe(old);
    });

    it('nor any template: every message reworded at once, every key of every sample the same', async () => {
      const files = fs.readdirSync(INBOX).sort();
      const importAll = () => Promise.all(files.map((f) => importAs(fs.readFileSync(path.join(INBOX, f)), f)));
      const before = (await importAll()).map((o) => keysOf(o.findings));
      for (const rule of rules) templates[rule] = () => `改写后的 ${rule}`;
      const after = await importAll();
      expect(after.map((o) => keysOf(o.findings))).toEqual(before);
      expect(after.flatMap((o) => o.findings).every((f) => renderMessage(f).startsWith('改写后的 '))).toBe(true);
    });
  });
});

describe('the findings of one report', () => {
  const files = fs.readdirSync(INBOX).sort();

  it('are read from every committed sample', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it.each(files)('never share a key: %s', async (file) => {
    const outcome = await importAs(fs.readFileSync(path.join(INBOX, file)), file);
    expect(outcome.status).not.toBe('failed');
    const keys = outcome.findings.map((f) => f.key);
    const shared = outcome.findings.filter((f) => keys.indexOf(f.key) !== keys.lastIndexOf(f.key))
      .map((f) => ({ key: f.key, rule: f.rule, fields: f.fields, sheet: f.sheet, cells: f.cells, params: f.params }));
    expect(shared).toEqual([]);
  });

  // Two extra rows typed with the same label in one table (a department's two "其他文件" rows)
  // are numbered (params.occurrence), so a decision on one does not cover the other.
  it('never share a key when two extra rows of one table have the same label (PARSE.extra-row)', async () => {
    const wb = buildWorkbook({ ...BROKEN, layout: { ...OFFICIAL, extraRows: { '其他文件': [1, 1, 1] } } });
    const lines = XLSX.utils.sheet_to_csv(wb.Sheets[wb.SheetNames[0]]).split('\n');
    const at = lines.findIndex((line) => line.includes('其他文件'));
    lines.splice(at + 1, 0, lines[at]);
    const outcome = imported(await importAs(Buffer.from(lines.join('\n')), `${TITLE}.csv`));
    const extra = outcome.findings.filter((f) => f.rule === 'PARSE.extra-row');
    expect(extra.map((f) => f.cells[0])).toHaveLength(2);
    expect(new Set(extra.map((f) => f.key)).size).toBe(2);
  });

  it('never share a key in the many-rule report, nor in its re-laid-out copies', async () => {
    for (const [, layout, bookType, extension] of [['official', OFFICIAL, 'xlsx', 'xlsx'] as const, ...RELAID]) {
      const outcome = await importAs(bytesOf({ ...BROKEN, layout }, bookType), `${TITLE}.${extension}`);
      const keys = outcome.findings.map((f) => f.key);
      expect(new Set(keys).size).toBe(keys.length);
    }
  });
});
