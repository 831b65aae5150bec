import zlib from 'node:zlib';
import type { ReadRejection } from './reject';

/**
 * The zip checks run before SheetJS inflates anything. SheetJS (0.20.3) has no cap of its
 * own: it inflates every entry from its local header whatever the sizes say, never checks a
 * CRC, and for an entry declared 0 bytes it grows its buffer without bound (outside the
 * worker's heap limit). So:
 * 1. the sizes the central directory declares are summed (cheap, nothing inflated);
 * 2. every entry is inflated the way SheetJS will read it, capped at what is left of the
 *    limit (a zip that lies about its sizes), and its CRC-32 and size are checked, so a
 *    damaged entry is never read as data.
 * Synchronous on purpose: a report's entries inflate in a fraction of a millisecond, less
 * than the hops of a streamed inflate would cost.
 */
export function checkArchive(buffer: Buffer, maxInflatedBytes: number): ReadRejection | null {
  let entries: EntryView[];
  try {
    entries = entriesAsSheetJsReadsThem(buffer);
  } catch (e) {
    return unopenable((e as Error).message);
  }
  const declared = entries.reduce((total, entry) => total + entry.declaredSize, 0);
  if (declared > maxInflatedBytes) {
    return tooLarge(`解压后超过 ${Math.round(maxInflatedBytes / MB)} MB（压缩包声明的内容过大，可能是压缩炸弹）`);
  }
  return checkInflatedEntries(buffer, entries, maxInflatedBytes);
}

const MB = 1048576;
const tooLarge = (reason: string): ReadRejection => ({ rule: 'PARSE.too-large', cause: 'inflated-size', reason });
const damaged = (what: string): ReadRejection => ({ rule: 'PARSE.unreadable', cause: 'damaged-part', reason: `工作簿已损坏（${what}），请用 Excel 或 WPS 重新保存后提交` });

const NO_DIRECTORY = 'no end of central directory';

/** A zip whose end-of-directory record is missing was almost always cut short on its way. */
function unopenable(message: string): ReadRejection {
  if (message === NO_DIRECTORY) {
    return { rule: 'PARSE.unreadable', cause: 'truncated', reason: '文件不完整（缺少压缩包末尾的目录），可能在上传或复制时被截断，请重新提交完整的文件' };
  }
  return damaged(`压缩包目录无法读取：${message}`);
}

/** One entry as SheetJS reads it: listed by the central directory, read from its local header. */
interface EntryView {
  name: string;
  /** From the central directory. */
  crc32: number;
  declaredSize: number;
  /** From the local header, as SheetJS takes them. */
  method: number;
  flags: number;
  dataStart: number;
  storedSize: number;
}

const ZIP_ENCRYPTED = 0x2041;
const STORED = 0;
const DEFLATED = 8;

/**
 * The entries walked as SheetJS's parse_zip walks them: the last end-of-directory signature,
 * its entry count and directory offset, each directory record's local header offset, the
 * method and sizes of the local header. Throws a RangeError on a record that runs off the end.
 */
function entriesAsSheetJsReadsThem(buffer: Buffer): EntryView[] {
  const end = buffer.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new RangeError(NO_DIRECTORY);
  const count = buffer.readUInt16LE(end + 8);
  let p = buffer.readUInt32LE(end + 16);
  const entries: EntryView[] = [];
  for (let i = 0; i < count; i++) {
    const crc32 = buffer.readUInt32LE(p + 16);
    let declaredSize = buffer.readUInt32LE(p + 24);
    const nameLength = buffer.readUInt16LE(p + 28);
    const extraLength = buffer.readUInt16LE(p + 30);
    const commentLength = buffer.readUInt16LE(p + 32);
    const offset = buffer.readUInt32LE(p + 42);
    const name = buffer.toString('utf8', p + 46, p + 46 + nameLength);
    const zip64 = zip64Sizes(buffer.subarray(p + 46 + nameLength, p + 46 + nameLength + extraLength));
    if (zip64) declaredSize = zip64.uncompressed;
    p += 46 + nameLength + extraLength + commentLength;

    const flags = buffer.readUInt16LE(offset + 6);
    const method = buffer.readUInt16LE(offset + 8);
    const storedSize = zip64?.compressed ?? buffer.readUInt32LE(offset + 18);
    const dataStart = offset + 30 + buffer.readUInt16LE(offset + 26) + buffer.readUInt16LE(offset + 28);
    if (dataStart > buffer.length) throw new RangeError(`entry ${name} starts past the end`);
    entries.push({ name, crc32, declaredSize, method, flags, dataStart, storedSize });
  }
  return entries;
}

/** The ZIP64 extra field (0x0001), read as SheetJS reads it: uncompressed then compressed size. */
function zip64Sizes(extra: Buffer): { uncompressed: number; compressed?: number } | undefined {
  for (let p = 0; p + 4 <= extra.length; p += 4 + extra.readUInt16LE(p + 2)) {
    if (extra.readUInt16LE(p) !== 0x0001) continue;
    const size = extra.readUInt16LE(p + 2);
    if (size < 8) return undefined;
    const uncompressed = Number(extra.readBigUInt64LE(p + 4));
    return size >= 16 ? { uncompressed, compressed: Number(extra.readBigUInt64LE(p + 12)) } : { uncompressed };
  }
  return undefined;
}

function checkInflatedEntries(buffer: Buffer, entries: EntryView[], maxInflatedBytes: number): ReadRejection | null {
  let budget = maxInflatedBytes;
  for (const entry of entries) {
    if (entry.flags & ZIP_ENCRYPTED) return { rule: 'PARSE.encrypted', cause: 'encrypted', reason: `压缩包中的“${entry.name}”已加密` };
    if (entry.method !== STORED && entry.method !== DEFLATED) continue; // SheetJS refuses it with its own error
    const data = entry.method === STORED ? measure(buffer.subarray(entry.dataStart, entry.dataStart + entry.storedSize)) : inflateMeasured(buffer.subarray(entry.dataStart), budget);
    if (data === 'over') {
      return tooLarge(`解压后的实际内容超过 ${Math.round(maxInflatedBytes / MB)} MB（压缩包中声明的大小不实，可能是压缩炸弹）`);
    }
    if (data instanceof Error) return damaged(`压缩包中的“${entry.name}”无法解压：${data.message}`);
    budget -= data.size;
    if (budget < 0) return tooLarge(`解压后的实际内容超过 ${Math.round(maxInflatedBytes / MB)} MB`);
    if (data.crc32 !== entry.crc32 || data.size !== entry.declaredSize) {
      return damaged(`压缩包中的“${entry.name}”与记录的${data.crc32 !== entry.crc32 ? '校验码' : '大小'}不符`);
    }
  }
  return null;
}

interface Measured {
  size: number;
  crc32: number;
}

const measure = (data: Buffer): Measured => ({ size: data.length, crc32: zlib.crc32(data) });

/**
 * Inflates a raw deflate stream (the bytes after it are ignored, as SheetJS ignores them)
 * and measures it; 'over' as soon as it would pass `budget` (zlib stops there).
 */
function inflateMeasured(compressed: Buffer, budget: number): Measured | 'over' | Error {
  try {
    return measure(zlib.inflateRawSync(compressed, { maxOutputLength: Math.max(1, budget) }));
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' ? 'over' : (e as Error);
  }
}
