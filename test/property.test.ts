/**
 * Whatever bytes arrive, the import ends with an outcome: valid workbooks (the seed as .xlsx,
 * as .xls and as a CSV) are mutated — truncated, bit-flipped, spliced with random chunks,
 * with bytes inserted or duplicated — and importBytes must resolve to clean, discrepancies or
 * rejected (with a PARSE rule and a reason), never throw. Fixed seed: the same 200 cases
 * every run. Below it, the counterexamples it found, kept as plain tests.
 */
import fc from 'fast-check';
import * as XLSX from 'xlsx';
import { buildWorkbook, SEED } from '../scripts/layouts';
import { importBytes } from '../src/pipeline/import';
import { renderMessage } from '../src/reconcile/messages';
import { readBytes } from '../src/read';
import { IMPORTED_AT, importSettings } from './helpers/import';

const settings = importSettings();
const seedAs = (bookType: XLSX.BookType) => XLSX.write(buildWorkbook(SEED), { bookType, type: 'buffer' }) as Buffer;
const VALID = { xlsx: seedAs('xlsx'), xls: seedAs('biff8'), csv: seedAs('csv') };
type Format = keyof typeof VALID;

/** One change to a file's bytes; positions are taken modulo the length at the time. */
type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'splice'; at: number; remove: number; chunk: Uint8Array }
  | { kind: 'duplicate'; from: number; length: number; at: number };

const position = fc.nat({ max: 1 << 20 });
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: position }),
  fc.record({ kind: fc.constant('flip' as const), at: position, bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant('splice' as const), at: position, remove: fc.nat({ max: 512 }), chunk: fc.uint8Array({ maxLength: 512 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), from: position, length: fc.integer({ min: 1, max: 2048 }), at: position }),
);

function mutate(bytes: Buffer, change: Mutation): Buffer {
  if (bytes.length === 0) return bytes;
  switch (change.kind) {
    case 'truncate':
      return bytes.subarray(0, change.at % bytes.length);
    case 'flip': {
      const flipped = Buffer.from(bytes);
      flipped[change.at % bytes.length] ^= 1 << change.bit;
      return flipped;
    }
    case 'splice': {
      const at = change.at % bytes.length;
      return Buffer.concat([bytes.subarray(0, at), change.chunk, bytes.subarray(at + change.remove)]);
    }
    case 'duplicate': {
      const from = change.from % bytes.length;
      const at = change.at % bytes.length;
      return Buffer.concat([bytes.subarray(0, at), bytes.subarray(from, from + change.length), bytes.subarray(at)]);
    }
  }
}

describe('importBytes on mutated workbooks', () => {
  // SheetJS reports the unknown BIFF records of a damaged .xls on console.error; that is noise here.
  beforeAll(() => jest.spyOn(console, 'error').mockImplementation(() => undefined));
  afterAll(() => jest.restoreAllMocks());

  it('always resolves to clean, discrepancies or rejected (with a PARSE rule and a reason), never throws', async () => {
    const statuses = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom<Format>('xlsx', 'xls', 'csv'), fc.array(mutation, { minLength: 1, maxLength: 4 }), async (format, changes) => {
        const bytes = changes.reduce(mutate, VALID[format]);
        const outcome = await importBytes(bytes, `枣庄市市中区综合行政执法局_2021.${format}`, settings, IMPORTED_AT);
        expect(['clean', 'discrepancies', 'rejected']).toContain(outcome.status);
        if (outcome.status === 'rejected') {
          expect(outcome.rule).toMatch(/^PARSE\./);
          expect(outcome.cause).not.toBe('');
          expect(renderMessage(outcome.findings[0]).trim()).not.toBe('');
        }
        const key = `${format} ${outcome.status === 'rejected' ? outcome.rule : outcome.status}`;
        statuses.set(key, (statuses.get(key) ?? 0) + 1);
      }),
      { seed: 20240301, numRuns: 200 },
    );
    // The mutations reach every format and both ends: some files still import, some are refused.
    for (const format of Object.keys(VALID)) expect([...statuses.keys()].some((k) => k.startsWith(`${format} `))).toBe(true);
    expect([...statuses.keys()].some((k) => k.endsWith(' clean') || k.endsWith(' discrepancies'))).toBe(true);
    expect([...statuses.keys()].some((k) => k.includes(' PARSE.'))).toBe(true);
  });
});

/** The seed as .xls with its workbook stream edited, written back into the OLE container. */
function xlsWithStreamEdited(edit: (stream: Buffer, records: Array<{ at: number; type: number; length: number }>) => void): Buffer {
  const container = XLSX.CFB.read(VALID.xls, { type: 'buffer' });
  const entry = XLSX.CFB.find(container, '/Workbook') as { content: Uint8Array };
  const stream = Buffer.from(entry.content);
  const records: Array<{ at: number; type: number; length: number }> = [];
  for (let at = 0; at + 4 <= stream.length; at += 4 + stream.readUInt16LE(at + 2)) records.push({ at, type: stream.readUInt16LE(at), length: stream.readUInt16LE(at + 2) });
  edit(stream, records);
  entry.content = stream;
  return Buffer.from(XLSX.CFB.write(container, { type: 'buffer' }) as Uint8Array);
}

describe('counterexamples the property found', () => {
  beforeAll(() => jest.spyOn(console, 'error').mockImplementation(() => undefined));
  afterAll(() => jest.restoreAllMocks());

  it('an .xls whose short record became a formula (ARRAY) record: rejected, where SheetJS would loop forever', async () => {
    const bytes = xlsWithStreamEdited((stream, records) => {
      const sheetStart = records.filter((r) => r.type === 0x0809)[1].at;
      const short = records.find((r) => r.at > sheetStart && r.length < 14 && r.type !== 0x000a)!;
      stream.writeUInt16LE(0x0221, short.at);
    });
    const read = await readBytes(bytes, '年报.xls', settings.limits);
    expect(read).toEqual({ ok: false, rejection: { rule: 'PARSE.unreadable', cause: 'damaged-part', reason: expect.stringMatching(/公式记录 ARRAY 不完整/) } });
  });

  it('an .xls whose sheet SheetJS cannot find (a bad offset): rejected naming the sheet, where it used to throw', async () => {
    const bytes = xlsWithStreamEdited((stream, records) => {
      const boundSheet = records.find((r) => r.type === 0x0085)!;
      stream.writeUInt32LE(stream.readUInt32LE(boundSheet.at + 4) + 1, boundSheet.at + 4);
    });
    const outcome = await importBytes(bytes, '年报.xls', settings, IMPORTED_AT);
    expect(outcome).toMatchObject({ status: 'rejected', rule: 'PARSE.unreadable', cause: 'damaged-part' });
    expect(renderMessage(outcome.findings[0])).toContain('工作表“年报”已损坏');
  });
});
