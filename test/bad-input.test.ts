/**
 * Bad input, one kind per test, through the real import (importFile on real files in a temp
 * folder, written with the same SheetJS the pipeline reads with): each is rejected with its
 * PARSE rule and a Chinese reason that names the problem. Then `nianbao run` over an inbox of
 * all of it mixed with good files: the run ends by itself, every file is accounted for, and
 * the inbox is left as it was.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import * as XLSX from 'xlsx';
import { buildWorkbook, SEED, type Submission } from '../scripts/layouts';
import { importFile, type ImportOutcome } from '../src/pipeline/import';
import { renderMessage } from '../src/reconcile/messages';
import { listFiles, logLines, readJson, removeDir, runCli, runSummary, seedAs, snapshot, tempDir as cliTempDir } from './helpers/cli';
import { IMPORTED_AT, importSettings, tempDir } from './helpers/import';

const dir = tempDir();
const settings = importSettings();
const OTHER_AGENCY = '枣庄市市中区人民政府办公室';

// ---- fixtures: real files, built the way a department's software (or an attacker) would ----

const workbook = (submission: Submission = SEED, bookType: XLSX.BookType = 'xlsx'): Buffer =>
  XLSX.write(buildWorkbook(submission), { bookType, type: 'buffer' }) as Buffer;

/** Deterministic bytes that look random (SHA-256 in counter mode). */
function pseudoRandomBytes(length: number, seed: string): Buffer {
  const blocks: Buffer[] = [];
  for (let i = 0; blocks.length * 32 < length; i++) blocks.push(crypto.createHash('sha256').update(`${seed}:${i}`).digest());
  return Buffer.concat(blocks).subarray(0, length);
}

interface ZipEntry {
  name: string;
  /** Raw deflate data. */
  data: Buffer;
  crc32: number;
  size: number;
  /** The uncompressed size written in both headers, when it should lie. */
  declaredSize?: number;
}

const deflated = (name: string, content: Buffer): ZipEntry => ({ name, data: zlib.deflateRawSync(content), crc32: zlib.crc32(content), size: content.length });

/** The files of a zip (an .xlsx written by SheetJS), read with SheetJS's own zip reader. */
function zipFiles(zip: Buffer): Array<{ name: string; content: Buffer }> {
  const container = XLSX.CFB.read(zip, { type: 'buffer' }) as { FullPaths: string[]; FileIndex: Array<{ type: number; content: Uint8Array }> };
  return container.FileIndex.map((entry, i) => ({ name: container.FullPaths[i].replace(/^Root Entry\//, ''), type: entry.type, content: Buffer.from(entry.content ?? []) }))
    .filter((f) => f.type === 2 && !f.name.startsWith('\u0001'));
}

/** A zip written by hand: local headers, central directory, end record (deflate, UTF-8 names). */
function writeZip(entries: ZipEntry[]): Buffer {
  const parts: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const declared = entry.declaredSize ?? entry.size;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(entry.crc32, 14);
    local.writeUInt32LE(entry.data.length, 18);
    local.writeUInt32LE(declared, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(entry.crc32, 16);
    central.writeUInt32LE(entry.data.length, 20);
    central.writeUInt32LE(declared, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    parts.push(local, name, entry.data);
    directory.push(central, name);
    offset += local.length + name.length + entry.data.length;
  }
  const centralDirectory = Buffer.concat(directory);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralDirectory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, centralDirectory, end]);
}

type SheetEntry = Omit<ZipEntry, 'name'>;

const SHEET_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
const SHEET_TAIL = '</sheetData></worksheet>';

/**
 * A sheet XML of `repeat` copies of `chunk` between a head and a tail, deflated cheaply: each
 * part is compressed with a full flush (no back-references across parts), so the compressed
 * chunk is computed once and repeated. Hundreds of MB cost a few hundred KB and no memory.
 */
function repeatedSheet(chunk: Buffer, repeat: number): SheetEntry {
  const flushed = (part: Buffer | string) => zlib.deflateRawSync(part, { level: 9, finishFlush: zlib.constants.Z_FULL_FLUSH });
  let crc = zlib.crc32(SHEET_HEAD);
  for (let i = 0; i < repeat; i++) crc = zlib.crc32(chunk, crc);
  crc = zlib.crc32(SHEET_TAIL, crc);
  const data = Buffer.concat([flushed(SHEET_HEAD), ...Array<Buffer>(repeat).fill(flushed(chunk)), zlib.deflateRawSync(SHEET_TAIL, { level: 9 })]);
  return { data, crc32: crc, size: Buffer.byteLength(SHEET_HEAD) + chunk.length * repeat + Buffer.byteLength(SHEET_TAIL) };
}

/** The seed as .xlsx with its sheet XML replaced. */
function xlsxWithSheet(sheet: SheetEntry): Buffer {
  const SHEET = 'xl/worksheets/sheet1.xml';
  return writeZip(zipFiles(workbook()).map((f) => (f.name === SHEET ? { ...sheet, name: SHEET } : deflated(f.name, f.content))));
}

const MB = 1 << 20;
/** 400 MB of blanks inside the sheet's XML: it compresses about a thousand times. */
const bombSheet = (declaredSize?: number): SheetEntry => ({ ...repeatedSheet(Buffer.alloc(MB, ' '), 400), declaredSize });

/** Where an entry's compressed data lies in a zip written by SheetJS (local header first). */
function compressedRange(zip: Buffer, name: string): { start: number; end: number } {
  const header = zip.indexOf(Buffer.from(name)) - 30;
  const start = header + 30 + zip.readUInt16LE(header + 26) + zip.readUInt16LE(header + 28);
  return { start, end: start + zip.readUInt32LE(header + 18) };
}

/**
 * A workbook encrypted as Excel does it for 文件 → 信息 → 用密码进行加密 (ECMA-376 agile
 * encryption, AES-256-CBC, SHA-512, 100000 spins): an OLE compound file holding an
 * EncryptionInfo stream and the EncryptedPackage (the .xlsx, encrypted in 4096-byte segments).
 * Excel also writes the \u0006DataSpaces storage, which readers do not need; it is left out.
 */
function encryptedWorkbook(xlsx: Buffer, password: string): Buffer {
  const sha512 = (...parts: Buffer[]) => crypto.createHash('sha512').update(Buffer.concat(parts)).digest();
  const uint32 = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(n);
    return b;
  };
  const aes = (key: Buffer, iv: Buffer, data: Buffer) => {
    const padded = Buffer.concat([data, Buffer.alloc((16 - (data.length % 16)) % 16)]);
    const cipher = crypto.createCipheriv('aes-256-cbc', key, iv.subarray(0, 16)).setAutoPadding(false);
    return Buffer.concat([cipher.update(padded), cipher.final()]);
  };
  const hex = (s: string) => Buffer.from(s, 'hex');
  const keyDataSalt = crypto.randomBytes(16);
  const passwordSalt = crypto.randomBytes(16);
  const secretKey = crypto.randomBytes(32);

  let hash = sha512(passwordSalt, Buffer.from(password, 'utf16le'));
  for (let i = 0; i < 100000; i++) hash = sha512(uint32(i), hash);
  const passwordKey = (blockKey: string) => sha512(hash, hex(blockKey)).subarray(0, 32);
  const verifier = crypto.randomBytes(16);

  const size = Buffer.alloc(8);
  size.writeBigUInt64LE(BigInt(xlsx.length));
  const segments: Buffer[] = [];
  for (let i = 0; i * 4096 < xlsx.length; i++) segments.push(aes(secretKey, sha512(keyDataSalt, uint32(i)), xlsx.subarray(i * 4096, (i + 1) * 4096)));
  const encryptedPackage = Buffer.concat([size, ...segments]);
  const hmacKey = crypto.randomBytes(64);
  const hmacValue = crypto.createHmac('sha512', hmacKey).update(encryptedPackage).digest();

  const b64 = (b: Buffer) => b.toString('base64');
  const cipher = 'blockSize="16" keyBits="256" hashSize="64" cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512"';
  const xml = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
    + '<encryption xmlns="http://schemas.microsoft.com/office/2006/encryption" xmlns:p="http://schemas.microsoft.com/office/2006/keyEncryptor/password">'
    + `<keyData saltSize="16" ${cipher} saltValue="${b64(keyDataSalt)}"/>`
    + `<dataIntegrity encryptedHmacKey="${b64(aes(secretKey, sha512(keyDataSalt, hex('5fb2ad010cb9e1f6')), hmacKey))}"`
    + ` encryptedHmacValue="${b64(aes(secretKey, sha512(keyDataSalt, hex('a0677f02b22c8433')), hmacValue))}"/>`
    + '<keyEncryptors><keyEncryptor uri="http://schemas.microsoft.com/office/2006/keyEncryptor/password">'
    + `<p:encryptedKey spinCount="100000" saltSize="16" ${cipher} saltValue="${b64(passwordSalt)}"`
    + ` encryptedVerifierHashInput="${b64(aes(passwordKey('fea7d2763b4b9e79'), passwordSalt, verifier))}"`
    + ` encryptedVerifierHashValue="${b64(aes(passwordKey('d7aa0f6d3061344e'), passwordSalt, sha512(verifier)))}"`
    + ` encryptedKeyValue="${b64(aes(passwordKey('146e0be7abacd0d6'), passwordSalt, secretKey))}"/>`
    + '</keyEncryptor></keyEncryptors></encryption>';
  // Version 4.4 (agile), reserved 0x40, then the XML.
  const encryptionInfo = Buffer.concat([Buffer.from([4, 0, 4, 0, 0x40, 0, 0, 0]), Buffer.from(xml, 'utf8')]);

  const container = XLSX.CFB.utils.cfb_new();
  XLSX.CFB.utils.cfb_add(container, '/EncryptionInfo', encryptionInfo);
  XLSX.CFB.utils.cfb_add(container, '/EncryptedPackage', encryptedPackage);
  return Buffer.from(XLSX.CFB.write(container, { type: 'buffer' }) as Uint8Array);
}

/**
 * An Excel 97–2003 workbook with a password to open: a FILEPASS record (RC4, salt and
 * verifier) right after the workbook stream's BOF record.
 */
function passwordProtectedXls(): Buffer {
  const container = XLSX.CFB.read(workbook(SEED, 'biff8'), { type: 'buffer' });
  const stream = XLSX.CFB.find(container, '/Workbook') as { content: Uint8Array; size: number };
  const content = Buffer.from(stream.content);
  const afterBof = 4 + content.readUInt16LE(2);
  const filePass = Buffer.alloc(4 + 54);
  filePass.writeUInt16LE(0x002f, 0);
  filePass.writeUInt16LE(54, 2);
  filePass.writeUInt16LE(1, 4); // RC4
  filePass.writeUInt16LE(1, 6); // version 1.1
  filePass.writeUInt16LE(1, 8);
  crypto.randomBytes(48).copy(filePass, 10); // salt, encrypted verifier and its hash
  stream.content = Buffer.concat([content.subarray(0, afterBof), filePass, content.subarray(afterBof)]);
  stream.size = stream.content.length;
  return Buffer.from(XLSX.CFB.write(container, { type: 'buffer' }) as Uint8Array);
}

// ---- the import, and what a rejection must say ----

async function importNamed(name: string, bytes: Buffer | string): Promise<ImportOutcome> {
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  return importFile(file, name, settings, IMPORTED_AT);
}

function expectRejected(outcome: ImportOutcome, rule: string, ...phrases: Array<string | RegExp>): void {
  expect(outcome).toMatchObject({ status: 'rejected', rule });
  if (outcome.status !== 'rejected') return;
  expect(outcome.findings).toEqual([expect.objectContaining({ rule, severity: 'error', file: outcome.file })]);
  // The cause is the closed list's word for it, the same on the outcome and its finding.
  expect(outcome.cause).toMatch(/^[a-z-]+$/);
  expect(outcome.findings[0].params.cause).toBe(outcome.cause);
  // The reason, as every view shows it, is the finding's message.
  const reason = renderMessage(outcome.findings[0]);
  for (const phrase of phrases) expect(reason).toMatch(phrase);
}

const sha256 = (bytes: Buffer) => crypto.createHash('sha256').update(bytes).digest('hex');

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = Date.now();
  const result = await work();
  return { result, ms: Date.now() - started };
}

describe('bad input is rejected with its PARSE rule and a reason that names the problem', () => {
  it.each(['空文件.xlsx', '空文件.xls', '空文件.csv'])('an empty file (%s)', async (name) => {
    expectRejected(await importNamed(name, ''), 'PARSE.unreadable', '文件为空（0 字节）');
  });

  it('a text file named .xlsx: says it is plain text, and to send the workbook (never to rename it, which can not work)', async () => {
    const outcome = await importNamed('年报.xlsx', '这不是电子表格，是从网页上复制的一段文字。\r\n一、总体情况……\r\n');
    expectRejected(outcome, 'PARSE.unreadable', '纯文本', '扩展名为 .xlsx', '请提交年报表格本身');
    expect(outcome.findings[0].params.reason).not.toMatch(/改为|重命名/);
  });

  it.each([
    ['年报.docx', Buffer.concat([Buffer.from('PK\u0003\u0004\u0014\u0000'), Buffer.from('word/document.xml')]), 'Word 文档'],
    ['年报.pdf', Buffer.from('%PDF-1.7\n%âãÏÓ\n'), 'PDF 文档'],
    ['年报.xls', Buffer.from('%PDF-1.7\n%âãÏÓ\n'), 'PDF 文档'],
    ['年报.jpg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46]), '图片'],
    ['年报.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), '图片'],
    ['年报.zip', Buffer.concat([Buffer.from('PK\u0003\u0004\u0014\u0000'), Buffer.from('年报/民政局.xlsx')]), '压缩包'],
    ['年报.rar', Buffer.from('Rar!\u001a\u0007\u0000'), '压缩包'],
    ['年报.htm', Buffer.from('<html><body><p>年报见附件</p></body></html>'), '网页'],
  ])('%s: names what the file is and what to send instead', async (name, bytes, what) => {
    const outcome = await importNamed(name, bytes);
    expectRejected(outcome, 'PARSE.unreadable', what, '不是电子表格', '请');
    expect(outcome.findings[0].params.cause).toBe('not-spreadsheet');
  });

  it('a truncated .xlsx: says the file is incomplete, probably cut in transfer', async () => {
    const whole = workbook();
    expectRejected(await importNamed('截断.xlsx', whole.subarray(0, Math.floor(whole.length / 2))), 'PARSE.unreadable', '不完整', '截断');
  });

  it('a truncated .xls: damaged or incomplete', async () => {
    const whole = workbook(SEED, 'biff8');
    expectRejected(await importNamed('截断.xls', whole.subarray(0, Math.floor(whole.length / 2))), 'PARSE.unreadable', '损坏或不完整');
  });

  it.each([
    ['one byte', [0.5]],
    ['three bytes', [0.2, 0.5, 0.8]],
  ])('a bit-flipped .xlsx (%s inside the sheet\'s compressed data): names the damaged part, never reads it', async (_name, positions) => {
    const bytes = workbook();
    const { start, end } = compressedRange(bytes, 'xl/worksheets/sheet1.xml');
    for (const at of positions) bytes[start + Math.floor((end - start) * at)] ^= 0x10;
    expectRejected(await importNamed('翻转.xlsx', bytes), 'PARSE.unreadable', '已损坏', '“xl/worksheets/sheet1.xml”', '重新保存');
  });

  describe('password-protected workbooks', () => {
    const ASKS_FOR_AN_UNENCRYPTED_COPY = ['密码', '未加密'];

    it('an .xlsx encrypted with a password (agile encryption in an OLE container)', async () => {
      const bytes = encryptedWorkbook(workbook(), '123456');
      expect([...bytes.subarray(0, 4)]).toEqual([0xd0, 0xcf, 0x11, 0xe0]);
      // What SheetJS says of it on its own:
      expect(() => XLSX.read(bytes, { type: 'buffer' })).toThrow('File is password-protected');
      expectRejected(await importNamed('加密.xlsx', bytes), 'PARSE.encrypted', ...ASKS_FOR_AN_UNENCRYPTED_COPY);
    });

    it('an .xls with a password to open (FILEPASS record)', async () => {
      const bytes = passwordProtectedXls();
      expect(() => XLSX.read(bytes, { type: 'buffer' })).toThrow('File is password-protected');
      expectRejected(await importNamed('加密.xls', bytes), 'PARSE.encrypted', ...ASKS_FOR_AN_UNENCRYPTED_COPY);
    });
  });

  it.each([
    ['.xlsx', pseudoRandomBytes(65536, 'xlsx'), '不是电子表格'],
    ['.xls', pseudoRandomBytes(65536, 'xls'), '不是电子表格'],
    ['.xlsx, after a zip signature', Buffer.concat([Buffer.from('PK\u0003\u0004'), pseudoRandomBytes(65536, 'zip')]), /不完整|已损坏/],
    ['.xls, after an OLE signature', Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), pseudoRandomBytes(65536, 'ole')]), /已损坏/],
  ])('random bytes named %s', async (name, bytes, phrase) => {
    const extension = name.split(',')[0];
    expectRejected(await importNamed(`随机${extension}`, bytes), 'PARSE.unreadable', phrase);
  });

  it('a CSV with a single 8 MB line: refused by the line limit, at once', async () => {
    const line = '0123456789abcdef'.repeat((8 * MB) / 16);
    const { result, ms } = await timed(() => importNamed('一行.csv', `${line}\r\n`));
    expectRejected(result, 'PARSE.too-large', 'CSV 第 1 行', `超过 ${settings.limits.maxLineChars} 个字符`);
    expect(ms).toBeLessThan(5000);
  });

  describe('a decompression bomb: an .xlsx whose sheet XML inflates to 400 MB', () => {
    it('declared honestly: refused from the directory\'s sizes, before anything is inflated', async () => {
      const bytes = xlsxWithSheet(bombSheet());
      expect(bytes.length).toBeLessThan(MB);
      const { result, ms } = await timed(() => importNamed('炸弹.xlsx', bytes));
      expectRejected(result, 'PARSE.too-large', '解压后超过 300 MB', '压缩包声明', '压缩炸弹');
      expect(ms).toBeLessThan(1000);
    });

    it('SheetJS alone reads an entry whatever size it declares (why the actual size is capped too)', async () => {
      const rows = 20_000;
      const small = xlsxWithSheet({ ...repeatedSheet(Buffer.from('<row><c><v>1</v></c></row>'.repeat(1000)), rows / 1000), declaredSize: 0 });
      const alone = XLSX.read(small, { type: 'buffer', dense: true });
      expect(alone.Sheets[alone.SheetNames[0]]['!data']).toHaveLength(rows);
      // Under the limit, the same lie is a damaged file: the entry is not the size recorded.
      expectRejected(await importNamed('谎报.xlsx', small), 'PARSE.unreadable', '“xl/worksheets/sheet1.xml”与记录的大小不符');
    });

    // For a declared 0, SheetJS grows its buffer without bound (outside the worker's heap limit).
    it.each([0, 4096])('lying (%i bytes declared): refused once the actual inflated size passes the limit', async (declaredSize) => {
      const { result, ms } = await timed(() => importNamed(`谎报${declaredSize}.xlsx`, xlsxWithSheet(bombSheet(declaredSize))));
      expectRejected(result, 'PARSE.too-large', '实际内容超过 300 MB', '压缩炸弹');
      expect(ms).toBeLessThan(10_000);
    });
  });

  describe('a workbook with a million rows: refused by the rows limit', () => {
    const TOO_MANY = `超过 ${settings.limits.maxRows} 行`;

    it('as a CSV of 1,000,000 short lines', async () => {
      const { result, ms } = await timed(() => importNamed('百万行.csv', '序号,数量\r\n' + '1,2\r\n'.repeat(1_000_000)));
      expectRejected(result, 'PARSE.too-large', TOO_MANY);
      expect(ms).toBeLessThan(10_000);
    });

    it('as an .xlsx whose sheet holds 1,000,000 rows', async () => {
      const bytes = xlsxWithSheet(repeatedSheet(Buffer.from('<row><c><v>1</v></c></row>'.repeat(10_000)), 100));
      const { result, ms } = await timed(() => importNamed('百万行.xlsx', bytes));
      expectRejected(result, 'PARSE.too-large', `工作表“年报”${TOO_MANY}`);
      expect(ms).toBeLessThan(10_000);
    });
  });

  it.each([
    ['2021年 报告 (终稿)【市中区政府办】[第2版].xlsx', 'xlsx'],
    ['  政府办 年报（2021）{定稿}.xls', 'biff8'],
    ['市中区 政府办 #1 & 年报 (2021).ods', 'ods'],
  ] as const)('a file name with spaces, brackets and Chinese (%s) imports and is named as it is', async (name, bookType) => {
    const outcome = await importNamed(name, workbook(seedAs(OTHER_AGENCY), bookType));
    expect(outcome).toMatchObject({ status: 'clean', file: name, agency: OTHER_AGENCY, year: 2021 });
    if (outcome.status === 'clean') expect(outcome.cleaned.source.file).toBe(name);
  });
});

describe('what the parser prints about a damaged file', () => {
  const root = cliTempDir('nianbao-parser-messages-');
  afterAll(() => removeDir(root));

  it('is logged under the file\'s name, not left as stray lines on stderr', async () => {
    // One flipped byte in a record SheetJS then does not know: it prints "Missing Info for XLS Record".
    const bytes = workbook(SEED, 'biff8');
    bytes[2080] ^= 0x55;
    const inbox = path.join(root, 'inbox');
    fs.mkdirSync(inbox);
    fs.writeFileSync(path.join(inbox, '损坏.xls'), bytes);
    const result = await runCli(['run', '--inbox', inbox, '--out', path.join(root, 'out'), '--jobs', '1']);
    expect(result.code).toBe(0);
    const stray = result.stderr.split('\n').filter((line) => line.includes('Missing Info') && !line.startsWith('{'));
    expect(stray).toEqual([]);
    const logged = logLines(result.stderr).find((l) => l.msg === 'the parser reported problems in the file');
    expect(logged).toMatchObject({ level: 40, file: '损坏.xls', messages: [expect.stringContaining('Missing Info for XLS Record')] });
  });
});

describe('a mistyped year', () => {
  it('in the title and the file name (1021, 2222) is a missing year (PARSE.identity), not a crash', async () => {
    const outcome = await importNamed('执法局_2222.xlsx', workbook({ ...SEED, title: '枣庄市市中区综合行政执法局1021年政府信息公开工作年度报告' }));
    expectRejected(outcome, 'PARSE.identity', '年度');
  });
});

describe('nianbao run over an inbox of junk mixed with good files', () => {
  const root = cliTempDir('nianbao-bad-input-');
  const inbox = path.join(root, 'inbox');
  const out = path.join(root, 'out');
  afterAll(() => removeDir(root));

  const GOOD = ['seed.xlsx', '2021年 报告 (终稿)【市中区政府办】.xls'];
  const flipped = workbook();
  const range = compressedRange(flipped, 'xl/worksheets/sheet1.xml');
  flipped[(range.start + range.end) >> 1] ^= 0x10;
  /** Each junk file and the rule it must be rejected with (names with spaces, brackets and Chinese too). */
  const junk: Record<string, { bytes: Buffer | string; rule: string }> = {
    '空文件.xlsx': { bytes: '', rule: 'PARSE.unreadable' },
    '文本 (改了扩展名).xlsx': { bytes: '这不是电子表格。\n', rule: 'PARSE.unreadable' },
    '截断【传输中断】.xlsx': { bytes: workbook().subarray(0, 9000), rule: 'PARSE.unreadable' },
    '翻转 {bit}.xlsx': { bytes: flipped, rule: 'PARSE.unreadable' },
    '随机 bytes.xls': { bytes: pseudoRandomBytes(20000, 'run'), rule: 'PARSE.unreadable' },
    '加密 [密码 123456].xlsx': { bytes: encryptedWorkbook(workbook(), '123456'), rule: 'PARSE.encrypted' },
    '一行 8MB.csv': { bytes: '0123456789abcdef'.repeat((8 * MB) / 16), rule: 'PARSE.too-large' },
    '炸弹 (400MB).xlsx': { bytes: xlsxWithSheet(bombSheet()), rule: 'PARSE.too-large' },
    '谎报大小的炸弹.xlsx': { bytes: xlsxWithSheet(bombSheet(0)), rule: 'PARSE.too-large' },
    '百万行.csv': { bytes: '1,2\n'.repeat(1_000_000), rule: 'PARSE.too-large' },
  };

  beforeAll(() => {
    fs.mkdirSync(inbox, { recursive: true });
    fs.writeFileSync(path.join(inbox, GOOD[0]), workbook());
    fs.writeFileSync(path.join(inbox, GOOD[1]), workbook(seedAs(OTHER_AGENCY), 'biff8'));
    for (const [name, { bytes }] of Object.entries(junk)) fs.writeFileSync(path.join(inbox, name), bytes);
  });

  it('ends by itself with exit 0; every file is imported or rejected, each rejection quarantined with its reason; the inbox is untouched', async () => {
    const before = snapshot(inbox);
    const result = await runCli(['run', '--inbox', inbox, '--out', out, '--jobs', '2']);
    expect(result.stderr).not.toMatch(/^nianbao:/m);
    expect(result.code).toBe(0);
    expect(snapshot(inbox)).toEqual(before);

    const summary = runSummary(out);
    const outcomeOf = Object.fromEntries(summary.files.map((f) => [f.file, f.status === 'rejected' ? `rejected ${f.rule}` : f.status]));
    expect(outcomeOf).toEqual({
      ...Object.fromEntries(GOOD.map((name) => [name, 'imported'])),
      ...Object.fromEntries(Object.entries(junk).map(([name, { rule }]) => [name, `rejected ${rule}`])),
    });

    // Each rejected file: a byte-for-byte copy in quarantine/, its reason beside it.
    const quarantine = path.join(out, 'quarantine');
    const reasons = listFiles(quarantine).filter((f) => f.endsWith('.reason.json'));
    expect(reasons).toHaveLength(Object.keys(junk).length);
    for (const reasonFile of reasons) {
      const reason = readJson<{ file: string; rule: string; reason: string }>(path.join(quarantine, reasonFile));
      expect(Object.keys(junk)).toContain(reason.file);
      expect(reason).toMatchObject({ rule: junk[reason.file].rule, reason: expect.stringMatching(/\p{Script=Han}/u) });
      const copy = path.join(quarantine, reasonFile.slice(0, -'.reason.json'.length));
      expect(sha256(fs.readFileSync(copy))).toBe(before[reason.file]);
    }
  });
});
