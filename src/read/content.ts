/**
 * What a submission's bytes are, told by their content whatever the extension: a workbook in
 * a zip (xlsx, xlsm, xltx, xltm, xlsb, ods) or an OLE compound file (xls, xlt, et), an HTML
 * table (OA systems' "导出Excel" and WPS's 另存为网页 write it as .xls), an XML Spreadsheet
 * 2003, delimited text, or something else (a Word document, a PDF, an image, an archive),
 * which is named in the rejection with what to send instead.
 */
import iconv from 'iconv-lite';
import * as XLSX from 'xlsx';
import { decodeText } from './csv';

export type Content =
  | { kind: 'zip' }
  | { kind: 'cfb' }
  /** Markup SheetJS reads as a workbook, decoded to text. */
  | { kind: 'markup'; form: 'html' | 'xlml'; text: string }
  | { kind: 'text' }
  /** Not a spreadsheet: `what` names it, `instead` says what to send. */
  | { kind: 'other'; what: string; instead: string };

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const CFB = [0xd0, 0xcf, 0x11, 0xe0];
const startsWith = (bytes: Buffer, magic: readonly number[], at = 0) => magic.every((b, i) => bytes[at + i] === b);
const ascii = (text: string): number[] => [...Buffer.from(text, 'latin1')];

const SEND_WORKBOOK = '请提交年报表格本身（Excel 的 .xlsx、.xls 或 WPS 表格的 .et 文件）';
const WORD = { what: 'Word 文档', instead: `Word 文档中的表格无法逐格读取，${SEND_WORKBOOK}；如果表格只在 Word 中，请复制到 Excel 或 WPS 表格中另存为 .xlsx 后提交` };
const PRESENTATION = { what: '演示文稿（PowerPoint）', instead: SEND_WORKBOOK };
const ARCHIVE = { what: '压缩包', instead: '请解压后把其中的年报表格文件逐个提交' };
const IMAGE = { what: '图片', instead: `图片（扫描件、截图）中的数字无法读取，${SEND_WORKBOOK}` };
const PDF = { what: 'PDF 文档', instead: `PDF 中的数字无法可靠读取，${SEND_WORKBOOK}` };

/** Magic numbers of files departments send by mistake. */
const BINARY: Array<{ magic: number[]; at?: number; is: { what: string; instead: string } }> = [
  { magic: ascii('%PDF'), is: PDF },
  { magic: [0x89, 0x50, 0x4e, 0x47], is: IMAGE },
  { magic: [0xff, 0xd8, 0xff], is: IMAGE },
  { magic: ascii('GIF8'), is: IMAGE },
  { magic: ascii('BM'), is: IMAGE },
  { magic: [0x49, 0x49, 0x2a, 0x00], is: IMAGE },
  { magic: [0x4d, 0x4d, 0x00, 0x2a], is: IMAGE },
  { magic: ascii('WEBP'), at: 8, is: IMAGE },
  { magic: ascii('Rar!'), is: ARCHIVE },
  { magic: [0x37, 0x7a, 0xbc, 0xaf], is: ARCHIVE },
  { magic: [0x1f, 0x8b], is: ARCHIVE },
  { magic: ascii('BZh'), is: ARCHIVE },
  { magic: ascii('{\\rtf'), is: { ...WORD, what: 'Word 文档（RTF 格式）' } },
];

/** Workbook extensions: a zip under one of these names is left to the workbook reader even when it is damaged. */
const WORKBOOK_EXTENSIONS = new Set(['.xlsx', '.xlsm', '.xltx', '.xltm', '.xlsb', '.xls', '.xlt', '.et', '.ett', '.ods']);

export function contentOf(bytes: Buffer, extension: string): Content {
  if (startsWith(bytes, ZIP)) return zipContent(bytes, extension);
  if (startsWith(bytes, CFB)) return cfbContent(bytes);
  const binary = BINARY.find((b) => startsWith(bytes, b.magic, b.at));
  if (binary) return { kind: 'other', ...binary.is };
  if (!looksLikeText(bytes)) return { kind: 'other', what: '无法识别的二进制文件', instead: SEND_WORKBOOK };
  return markupContent(bytes) ?? { kind: 'text' };
}

/**
 * The parts of a zip are named in the clear in its headers: xl/ is an Excel workbook (or
 * template), word/ and ppt/ are Word and PowerPoint, an OpenDocument says what it is in its
 * mimetype. A zip of none of these named as a workbook is left to the reader, which says
 * whether it is damaged; otherwise it is an archive.
 */
function zipContent(bytes: Buffer, extension: string): Content {
  const has = (name: string) => bytes.includes(name, 0, 'latin1');
  if (has('xl/') || has('opendocument.spreadsheet')) return { kind: 'zip' };
  if (has('word/document') || has('opendocument.text')) return { kind: 'other', ...WORD };
  if (has('ppt/presentation') || has('opendocument.presentation')) return { kind: 'other', ...PRESENTATION };
  return WORKBOOK_EXTENSIONS.has(extension) ? { kind: 'zip' } : { kind: 'other', ...ARCHIVE };
}

/** An OLE compound file is a workbook unless it holds a Word or PowerPoint document's stream. */
function cfbContent(bytes: Buffer): Content {
  let container: unknown;
  try {
    container = XLSX.CFB.read(bytes, { type: 'buffer' });
  } catch {
    return { kind: 'cfb' };
  }
  if (XLSX.CFB.find(container, 'WordDocument')) return { kind: 'other', ...WORD };
  if (XLSX.CFB.find(container, 'PowerPoint Document')) return { kind: 'other', ...PRESENTATION };
  return { kind: 'cfb' };
}

/** Text in UTF-8, GBK or with a UTF-16 BOM: no control bytes but tab, line breaks and escape in its first 4 KB. */
export function looksLikeText(bytes: Buffer): boolean {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return true;
  return !bytes.subarray(0, 4096).some((b) => b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b) || b === 0x7f);
}

const HTML = /^(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*(?:<!DOCTYPE\s+html|<html|<head|<body|<table|<meta)/i;
const XML_SPREADSHEET = 'urn:schemas-microsoft-com:office:spreadsheet';
const WORD_XML = /<w:wordDocument|<w:document|progid="Word\.Document"/i;
/** `<meta charset=gb2312>`, `<meta http-equiv="Content-Type" content="text/html; charset=GBK">`, `<?xml … encoding="GB2312"?>`. */
const DECLARED = /<meta[^>]*charset\s*=\s*["']?([\w-]+)|<\?xml[^>]*encoding\s*=\s*["']([\w-]+)/i;

/**
 * HTML (a table saved as .xls) or an XML Spreadsheet 2003, decoded as a browser would: a BOM
 * wins, then the charset the file declares (gb2312 and GBK read as their superset GB18030),
 * else the encoding is sniffed as for delimited text. A Word document saved as XML is named.
 */
function markupContent(bytes: Buffer): Content | null {
  const head = decodeText(bytes.subarray(0, 4096)).text.replace(/^\ufeff/, '').trimStart();
  if (!head.startsWith('<')) return null;
  const isXmlSpreadsheet = head.startsWith('<?xml') && (head.includes(XML_SPREADSHEET) || head.includes('progid="Excel.Sheet"'));
  if (!isXmlSpreadsheet && WORD_XML.test(head) && !/<table/i.test(head)) return { kind: 'other', ...WORD };
  if (!isXmlSpreadsheet && !HTML.test(head)) return null;
  const text = decodeMarkup(bytes).replace(/^\ufeff/, '');
  if (!isXmlSpreadsheet && !/<table/i.test(text)) return { kind: 'other', what: '网页（HTML）文件，其中没有表格', instead: SEND_WORKBOOK };
  return { kind: 'markup', form: isXmlSpreadsheet ? 'xlml' : 'html', text };
}

const GB = new Set(['gb2312', 'gbk', 'gb18030', 'x-gbk', 'cp936', 'ms936', 'windows-936']);

function decodeMarkup(bytes: Buffer): string {
  const hasBom = (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) || (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  const declared = hasBom ? null : DECLARED.exec(bytes.subarray(0, 4096).toString('latin1'));
  const charset = (declared?.[1] ?? declared?.[2])?.toLowerCase();
  if (charset && GB.has(charset)) return iconv.decode(bytes, 'gb18030');
  if (charset && charset !== 'utf-8' && charset !== 'utf8' && iconv.encodingExists(charset)) return iconv.decode(bytes, charset);
  return decodeText(bytes).text;
}
