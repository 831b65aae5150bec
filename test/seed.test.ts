/**
 * The seed report end to end: 枣庄市市中区综合行政执法局's 2021 report, in the 2019 edition,
 * written as a workbook the way departments type it, then imported from the file's bytes.
 */
import fs from 'node:fs';
import path from 'node:path';
import type * as XLSX from 'xlsx';
import { FIELDS } from '../src/model/template';
import { importBytes, type ImportOutcome } from '../src/pipeline/import';
import { OFFICIAL, SEED, writeWorkbook, type Layout } from '../scripts/layouts';
import { IMPORTED_AT, imported, importSettings, tempDir } from './helpers/import';

const dir = tempDir();

async function importSeed(layout: Layout, bookType: XLSX.BookType, extension: string): Promise<ImportOutcome> {
  const file = path.join(dir, `${SEED.title}.${extension}`);
  writeWorkbook({ ...SEED, layout }, file, bookType);
  return importBytes(fs.readFileSync(file), path.basename(file), importSettings(), IMPORTED_AT);
}

/** Every number of a cleaned section by dotted path. */
function leaves(node: unknown, prefix = ''): Record<string, unknown> {
  if (node === null || typeof node !== 'object') return { [prefix]: node };
  return Object.assign({}, ...Object.entries(node).map(([key, value]) => leaves(value, prefix ? `${prefix}.${key}` : key)));
}

describe('the seed in the official layout', () => {
  let outcome: ReturnType<typeof imported>;
  beforeAll(async () => {
    outcome = imported(await importSeed(OFFICIAL, 'xlsx', 'xlsx'));
  });

  it('is 枣庄市市中区综合行政执法局\'s 2021 report in the 2019 edition', () => {
    expect(outcome).toMatchObject({ agency: '枣庄市市中区综合行政执法局', year: 2021, edition: '2019', mapping: 'gioa-2019' });
    expect(outcome.cleaned).toMatchObject({ agency: '枣庄市市中区综合行政执法局', year: 2021, edition: '2019' });
    expect(outcome.cleaned.source).toEqual({
      file: `${SEED.title}.xlsx`,
      sha256: outcome.sha256,
      mapping: 'gioa-2019',
      sheets: ['年报'],
      importedAt: IMPORTED_AT,
      cells: expect.any(Object),
    });
    // Where each figure was read, for naming cells in cross-file findings.
    expect(outcome.cleaned.source.cells['proactive.licensing.previousItems']).toEqual(['年报', 'B9']);
    expect(outcome.cleaned.source.cells['applications.carriedForward.total']).toEqual(['年报', 'J47']);
  });

  it('reads 二 as the department typed it', () => {
    const { proactive } = outcome.cleaned as Record<string, unknown>;
    expect(proactive).toEqual({
      regulations: { made: 0, published: 0, totalPublished: 0 },
      normativeDocs: { made: 1, published: 1, totalPublished: 1 },
      licensing: { previousItems: 2, change: -1, decisions: 0 },
      otherServices: { previousItems: 0, change: 7, decisions: 0 },
      penalties: { previousItems: 34, change: 57, decisions: 34 },
      enforcement: { previousItems: 0, change: 0, decisions: 0 },
      fees: { previousItems: 0, change: 0 },
      procurement: { projects: 1, amountYuan: 750000 },
    });
  });

  it('has 三 and 四 all zero', () => {
    const { applications, reviewLitigation } = outcome.cleaned as Record<string, unknown>;
    const numbers = leaves({ applications, reviewLitigation });
    const modelPaths = [...FIELDS['2019'].keys()].filter((p) => !p.startsWith('proactive.'));
    expect(Object.keys(numbers).sort()).toEqual(modelPaths.sort());
    expect(Object.values(numbers).every((value) => value === 0)).toBe(true);
    expect(outcome.cleaned.blankCells).toBe(0);
  });

  it('is clean, with the one warning that its edition is superseded', () => {
    expect(outcome.status).toBe('clean');
    expect(outcome.findings).toEqual([
      expect.objectContaining({ rule: 'T0.edition-superseded', severity: 'warning', sheet: null, cells: [], expected: '2021', actual: '2019' }),
    ]);
  });
});

describe('the seed in other formats and layouts gives the same report', () => {
  let reference: ReturnType<typeof imported>;
  beforeAll(async () => {
    reference = imported(await importSeed(OFFICIAL, 'xlsx', 'xlsx'));
  });

  /** The cleaned report without its source (file name and hash differ by format). */
  const figures = (outcome: ReturnType<typeof imported>) => ({ ...outcome.cleaned, source: undefined });

  it.each<[string, Layout, XLSX.BookType, string]>([
    ['.xls', OFFICIAL, 'biff8', 'xls'],
    ['.ods', OFFICIAL, 'ods', 'ods'],
    ['one label column, a sheet per part in another order', { labelColumns: 1, sheets: ['reviewLitigation', 'applications', 'proactive'] }, 'xlsx', 'xlsx'],
    ['tables offset, 总计 as the first applicant column', {
      labelColumns: 3,
      sheets: 'one',
      offset: { rows: 2, columns: 2 },
      applicantOrder: ['total', 'naturalPerson', 'commercial', 'research', 'publicInterest', 'legalService', 'otherOrg'],
    }, 'xlsx', 'xlsx'],
  ])('%s', async (_name, layout, bookType, extension) => {
    const outcome = imported(await importSeed(layout, bookType, extension));
    expect(figures(outcome)).toEqual(figures(reference));
    expect(outcome.findings.map((f) => f.rule)).toEqual(['T0.edition-superseded']);
  });
});
