import * as XLSX from 'xlsx';
import type { ReadRejection } from './reject';

/**
 * Checks of an OLE compound file (.xls, .et, and an encrypted .xlsx, which Excel stores as
 * a compound file) before SheetJS parses it:
 * - encryption, told by the structure rather than by SheetJS's error text: an encrypted
 *   OOXML package (EncryptionInfo / EncryptedPackage streams) or a BIFF workbook with a
 *   FILEPASS record;
 * - a formula record too short to hold its formula's length: SheetJS 0.20.3 then reads NaN
 *   and loops forever in parse_Rgce (a hang the worker's timeout would only end after a
 *   minute), so such a file is rejected as damaged here.
 * A container that does not parse is left to SheetJS, which says why.
 */
export function checkCompoundFile(bytes: Buffer): ReadRejection | null {
  let container: unknown;
  try {
    container = XLSX.CFB.read(bytes, { type: 'buffer' });
  } catch {
    return null;
  }
  // Streams are looked up as SheetJS looks them up (CFB.find: by path, ignoring case).
  if (streamOf(container, 'EncryptedPackage') || streamOf(container, 'EncryptionInfo')) return ENCRYPTED;
  const workbook = streamOf(container, '/Workbook') ?? streamOf(container, '/Book');
  return workbook?.content && workbook.content.length > 0 ? checkBiffRecords(Buffer.from(workbook.content)) : null;
}

const ENCRYPTED: ReadRejection = { rule: 'PARSE.encrypted', cause: 'encrypted', reason: '工作簿设有打开密码（已加密），请去除密码后重新提交' };

/** A stream of the container, or undefined (the library ships no types for CFB). */
function streamOf(container: unknown, path: string): { content?: Uint8Array | number[] } | undefined {
  return (XLSX.CFB.find(container, path) as { content?: Uint8Array | number[] } | null) ?? undefined;
}

const FILEPASS = 0x002f;
/** Record types whose continuation SheetJS appends to the record before parsing it. */
const CONTINUE_RECORDS = new Set([0x003c, 0x043c, 0x0812, 0x0875, 0x087f]);
/**
 * The record types SheetJS parses as a formula (older BIFF ids included: SheetJS reads them
 * in any workbook) and the bytes each needs up to and including its formula's length (cce).
 */
const FORMULA = { name: 'FORMULA', bytes: 22 };
const ARRAY = { name: 'ARRAY', bytes: 14 };
const FORMULA_HEADER: Record<number, { name: string; bytes: number }> = {
  0x0006: FORMULA,
  0x0206: FORMULA,
  0x0406: FORMULA,
  0x0021: ARRAY,
  0x0221: ARRAY,
  0x04bc: { name: 'SHRFMLA', bytes: 10 },
};

/** Walks the BIFF records of a workbook stream: type (2 bytes), length (2 bytes), data. */
function checkBiffRecords(stream: Buffer): ReadRejection | null {
  for (let p = 0; p + 4 <= stream.length; ) {
    const type = stream.readUInt16LE(p);
    const length = stream.readUInt16LE(p + 2);
    if (type === FILEPASS) return ENCRYPTED;
    const formula = FORMULA_HEADER[type];
    if (formula && length + continuedLength(stream, p + 4 + length) < formula.bytes) {
      return {
        rule: 'PARSE.unreadable',
        cause: 'damaged-part',
        reason: `工作簿已损坏（第 ${p} 字节处的公式记录 ${formula.name} 不完整），请用 Excel 或 WPS 重新保存后提交`,
      };
    }
    p += 4 + length;
  }
  return null;
}

/** The bytes of the continuation records that follow a record. */
function continuedLength(stream: Buffer, from: number): number {
  let total = 0;
  for (let p = from; p + 4 <= stream.length && CONTINUE_RECORDS.has(stream.readUInt16LE(p)); p += 4 + stream.readUInt16LE(p + 2)) {
    total += stream.readUInt16LE(p + 2);
  }
  return total;
}
