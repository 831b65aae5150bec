/**
 * importBytes end to end on the samples of samples/inbox (scripts/sample-set.ts): each yields
 * the status and the findings its entry promises, and the committed files are up to date.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Finding } from '../src/model/finding';
import { importBytes, type ImportOutcome, type ImportSettings } from '../src/pipeline/import';
import { readme } from '../scripts/make-samples';
import { SAMPLES, type ExpectedFinding, type Sample } from '../scripts/sample-set';
import { renderMessage } from '../src/reconcile/messages';
import { IMPORTED_AT, REPO, imported, importSettings } from './helpers/import';

const INBOX = path.join(REPO, 'samples', 'inbox');

function sample(prefix: string): Sample {
  const found = SAMPLES.find((s) => s.file.startsWith(prefix));
  if (!found) throw new Error(`no sample ${prefix}…`);
  return found;
}

const importSample = (s: Sample, overrides: Partial<ImportSettings> = {}): Promise<ImportOutcome> =>
  importBytes(s.bytes(), s.file, importSettings(overrides), IMPORTED_AT);

const rulesOf = (findings: ReadonlyArray<Finding | ExpectedFinding>): string[] => [...new Set(findings.map((f) => f.rule))].sort();

/** `sheet!A1` of a finding's first cell, as the expectations name it; a text file's cell has no sheet (`B21`). */
const firstCell = (f: { sheet?: string | null; cell?: string; cells?: string[] }): string => {
  const cell = f.cells ? f.cells[0] : f.cell;
  return f.sheet ? `${f.sheet}!${cell}` : `${cell}`;
};

/** A figure of the cleaned report by its dotted path ("applications.results.total.total"). */
const valueAt = (cleaned: object, path: string): unknown =>
  path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], cleaned);

describe.each(SAMPLES.map((s) => [s.file, s] as const))('%s', (_file, s) => {
  let outcome: ImportOutcome;
  beforeAll(async () => {
    outcome = await importSample(s);
  });

  it(`is ${s.status}`, () => {
    expect(outcome.status).toBe(s.status);
  });

  /** Every report's findings: a workbook of several reports has findings on each. */
  const allFindings = (): Finding[] => (outcome.reports ?? [outcome]).flatMap((r) => r.findings);

  it(`reports ${rulesOf(s.findings).join(', ') || 'nothing'} and no other rule`, () => {
    expect(rulesOf(allFindings())).toEqual(rulesOf(s.findings));
  });

  const pinned = s.findings.filter((f) => f.cell);
  if (pinned.length > 0) {
    it(`names ${pinned.map(firstCell).join(', ')}`, () => {
      for (const expected of pinned) {
        const matching = allFindings().filter((f) => f.rule === expected.rule);
        expect(matching.map(firstCell)).toContain(firstCell(expected));
        // The operator reads the address in the message too.
        const finding = matching.find((f) => firstCell(f) === firstCell(expected))!;
        expect(renderMessage(finding)).toContain(expected.sheet ? `!${expected.cell}` : `(${expected.cell})`);
        // A text file has no sheets: its messages name none.
        if (!expected.sheet) expect(renderMessage(finding)).not.toContain('!');
      }
    });
  }

  const values = s.values;
  if (values) {
    it(`holds the ${Object.keys(values).length} figures it was built with`, () => {
      const cleaned = imported(outcome).cleaned;
      expect(Object.fromEntries(Object.keys(values).map((p) => [p, valueAt(cleaned, p)]))).toEqual(values);
    });
  }

  const identity = s.identity;
  if (identity) {
    it(`is filed as ${identity.agency}'s ${identity.year} report`, () => {
      expect({ agency: outcome.agency, year: outcome.year }).toEqual(identity);
    });
  }

  const reports = s.reports;
  if (reports) {
    it(`holds ${reports.length} reports, each with its own agency, year, sheets and figures`, () => {
      expect((outcome.reports ?? []).map((r) => {
        const cleaned = imported(r).cleaned;
        return { agency: r.agency, year: r.year, sheets: r.sheets, sheetsInSource: cleaned.source.sheets, values: Object.fromEntries(Object.keys(reports.find((e) => e.year === r.year && e.agency === r.agency)?.values ?? {}).map((p) => [p, valueAt(cleaned, p)])) };
      })).toEqual(reports.map((e) => ({ ...e, sheetsInSource: e.sheets })));
    });
  }

  if (s.status === 'rejected') {
    it('gives the rejection\'s rule and cause, with its one finding', () => {
      if (outcome.status !== 'rejected') throw new Error('not rejected');
      expect(outcome.rule).toBe(s.findings[0].rule);
      expect(outcome.findings).toHaveLength(1);
      expect(outcome.findings[0]).toMatchObject({ rule: outcome.rule, file: s.file, agency: outcome.agency, year: outcome.year });
      expect(outcome.cause).toBe(outcome.findings[0].params.cause);
      expect(outcome.cause).not.toBe('');
      // Its reason is its finding's message.
      expect(renderMessage(outcome.findings[0])).not.toBe('');
    });
  }

  it('keys each finding once', () => {
    const keys = outcome.findings.map((f) => f.key);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('the committed samples', () => {
  it('are the files scripts/sample-set.ts makes (run `npm run samples` after changing it)', () => {
    expect(fs.readdirSync(INBOX).sort()).toEqual(SAMPLES.map((s) => s.file).sort());
    for (const s of SAMPLES) {
      expect({ file: s.file, same: fs.readFileSync(path.join(INBOX, s.file)).equals(s.bytes()) }).toEqual({ file: s.file, same: true });
    }
  });

  it('are listed in samples/README.md as scripts/make-samples.ts writes it', () => {
    expect(fs.readFileSync(path.join(REPO, 'samples', 'README.md'), 'utf8')).toBe(readme());
  });

  it('give bytes that do not change from one build to the next', () => {
    for (const s of SAMPLES) expect(s.bytes().equals(s.bytes())).toBe(true);
  });
});

describe('editions', () => {
  it('detects a 2021-edition report as 2021, with its figures', async () => {
    const outcome = imported(await importSample(sample('clean-2021')));
    expect(outcome).toMatchObject({ edition: '2021', mapping: 'gioa-2021', agency: '枣庄市市中区教育和体育局', year: 2022 });
    expect(outcome.cleaned).toMatchObject({
      proactive: {
        normativeDocs: { issued: 3, repealed: 1, inForce: 12 },
        licensing: { decisions: 156 },
        fees: { amountYuan: 35000 },
      },
      applications: {
        received: { naturalPerson: 5, commercial: 1, total: 6 },
        results: { unavailable: { notHeld: { naturalPerson: 1, commercial: 1, total: 2 } }, total: { total: 6 } },
        carriedForward: { total: 1 },
      },
      reviewLitigation: { reconsideration: { upheld: 1, total: 1 }, litigationDirect: { pending: 1, total: 1 } },
    });
  });

  it('detects a 2019-edition report as 2019', async () => {
    const outcome = await importSample(sample('seed'));
    expect(outcome).toMatchObject({ edition: '2019', mapping: 'gioa-2019' });
  });
});

describe('--mapping', () => {
  it('forces a mapping over the one the labels pick: the 2019 seed read as 2021 misses columns', async () => {
    const outcome = await importSample(sample('seed'), { mapping: 'gioa-2021' });
    expect(outcome).toMatchObject({ status: 'discrepancies', mapping: 'gioa-2021', edition: '2021' });
    expect(outcome.findings).toContainEqual(expect.objectContaining({ rule: 'PARSE.column-missing', expected: '本年制发件数' }));
    // Read as a 2021-edition report, it is not one in a superseded edition.
    expect(rulesOf(outcome.findings)).not.toContain('T0.edition-superseded');
  });

  it('forces a mapping whatever its score, even on a spreadsheet no mapping matches', async () => {
    const outcome = await importSample(sample('PARSE.no-mapping'), { mapping: 'gioa-2021', agency: '枣庄市市中区司法局', year: 2022 });
    expect(outcome).toMatchObject({ status: 'discrepancies', mapping: 'gioa-2021' });
    // A stray "其他" or "行政许可" does not make a table: 三 and 四 are missing once each, not row by row.
    const missingTables = outcome.findings.filter((f) => f.rule === 'PARSE.table-missing').map((f) => f.expected);
    expect(missingTables).toEqual(expect.arrayContaining([expect.stringMatching(/^三、/), expect.stringMatching(/^四、/)]));
    expect(rulesOf(outcome.findings)).not.toContain('PARSE.row-missing');
  });

  it('matches nothing when no mapping has the name', async () => {
    const outcome = await importSample(sample('seed'), { mapping: 'gioa-2020' });
    expect(outcome).toMatchObject({ status: 'rejected', rule: 'PARSE.no-mapping' });
  });
});

describe('PARSE.no-mapping', () => {
  it('names the closest mapping, how many of its labels were found, and the missing ones', async () => {
    const outcome = await importSample(sample('PARSE.no-mapping'));
    expect(outcome).toMatchObject({ status: 'rejected', rule: 'PARSE.no-mapping' });
    const [finding] = outcome.findings;
    // Of gioa-2021's 50 rows and columns, the statistics sheet has 5: 行政许可, 行政处罚, 行政强制,
    // and 其他 (which stands for both the applicant column 其他 and the row 3.其他).
    expect(finding).toMatchObject({ rule: 'PARSE.no-mapping', severity: 'error', expected: '50', actual: '5' });
    expect(finding.params).toMatchObject({ cause: 'no-mapping', closest: 'gioa-2021', found: 5, total: 50 });
    expect(renderMessage(finding)).toContain('最接近的是 gioa-2021');
    expect(renderMessage(finding)).toContain('缺少标签：规章、行政规范性文件、本年制发件数');
    expect(renderMessage(finding)).not.toContain('行政许可');
  });
});

describe('identity', () => {
  it('rejects a report whose agency and year nothing says', async () => {
    const outcome = await importSample(sample('PARSE.identity'));
    expect(outcome).toMatchObject({ status: 'rejected', rule: 'PARSE.identity', agency: null, year: null });
    expect(outcome).toMatchObject({ cause: 'identity' });
    expect(outcome.findings[0].params).toMatchObject({ cause: 'identity', missing: '机关名称和年度' });
    expect(renderMessage(outcome.findings[0])).toContain('机关名称和年度');
  });

  it('imports the same report when --agency and --year say', async () => {
    const outcome = await importSample(sample('PARSE.identity'), { agency: '枣庄市市中区统计局', year: 2022 });
    expect(outcome).toMatchObject({ status: 'clean', agency: '枣庄市市中区统计局', year: 2022, edition: '2021' });
  });

  it('files a report under the canonical name of an alias in agencies.yaml', async () => {
    const agencies = { agencies: [{ name: '枣庄市市中区审计局', aliases: ['市中区审计局'] }] };
    const outcome = await importSample(sample('枣庄市市中区审计局_2022'), { agency: '市中区审计局', agencies });
    expect(outcome).toMatchObject({ status: 'clean', agency: '枣庄市市中区审计局', year: 2022 });
  });
});
