/**
 * The benchmark's corpus: N submissions in the mix of samples/inbox (its layouts, its broken
 * files, its .xlsx/.xls/.et/.ods/.csv), each one a distinct submission.
 *
 * File i is sample i mod n of the n samples of scripts/sample-set.ts, filed by a district of
 * its own (枣庄市市中区 becomes 枣庄市安安区, 枣庄市安平区, …): the district is replaced in
 * every text cell and in the file name, so every file has its own agency, title and bytes,
 * and imports to the same status and rules as its sample (bench/check-corpus.ts checks it).
 * Districts are named in Chinese characters, never digits, so no year is read from them.
 */
import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import * as XLSX from 'xlsx';
import * as cpexcel from 'xlsx/dist/cpexcel.js';
import { SAMPLES, type Sample } from '../scripts/sample-set';

XLSX.set_cptable(cpexcel);

const DISTRICT = '枣庄市市中区';
const SYLLABLES = [...'安平宁和兴华新丰泰康永昌盛德福源清河东西南北中山川林泉阳明光荣'];

/** The k-th district: 枣庄市安安区, 枣庄市安平区, … (two syllables, then three). */
export function districtName(k: number): string {
  const n = SYLLABLES.length;
  const chars = k < n * n ? [Math.floor(k / n), k % n] : [Math.floor(k / (n * n)) % n, Math.floor(k / n) % n, k % n];
  return `枣庄市${chars.map((c) => SYLLABLES[c]).join('')}区`;
}

// A WPS .et file is a BIFF8 workbook under another extension.
const BOOK_TYPES: Record<string, XLSX.BookType> = { '.xlsx': 'xlsx', '.xlsb': 'xlsb', '.xls': 'biff8', '.et': 'biff8', '.ods': 'ods' };
/** Delimited text, rewritten as text: .csv, and the tab-separated .tsv and .txt. */
const TEXT_EXTENSIONS = new Set(['.csv', '.tsv', '.txt']);

/** A sample text's text, and how to encode it back the same way: UTF-16LE or UTF-8 with a BOM, UTF-8, else GB18030. */
function decodeCsv(bytes: Buffer): { text: string; encode: (text: string) => Buffer } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: iconv.decode(bytes.subarray(2), 'utf-16le'), encode: (text) => Buffer.concat([bytes.subarray(0, 2), iconv.encode(text, 'utf-16le')]) };
  }
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: bytes.subarray(3).toString('utf8'), encode: (text) => Buffer.concat([bytes.subarray(0, 3), Buffer.from(text, 'utf8')]) };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encode: (text) => Buffer.from(text, 'utf8') };
  } catch {
    return { text: iconv.decode(bytes, 'gb18030'), encode: (text) => iconv.encode(text, 'gb18030') };
  }
}

/** One sample, ready to be written again and again with another district. */
interface Template {
  sample: Sample;
  ext: string;
  /** Bytes for district k. */
  bytes(district: string): Buffer;
}

function template(sample: Sample): Template {
  const original = sample.bytes();
  const ext = path.extname(sample.file).toLowerCase();
  if (TEXT_EXTENSIONS.has(ext)) {
    const { text, encode } = decodeCsv(original);
    return { sample, ext, bytes: (district) => encode(text.split(DISTRICT).join(district)) };
  }
  let workbook: XLSX.WorkBook;
  try {
    workbook = XLSX.read(original, { type: 'buffer', cellFormula: true, cellNF: true });
  } catch {
    // A broken file (the cut-off upload) stays broken: the same bytes under another name.
    return { sample, ext, bytes: () => original };
  }
  // The cells naming the district, and their text, so each variant only rewrites those.
  const cells: Array<{ cell: XLSX.CellObject; text: string }> = [];
  for (const name of workbook.SheetNames) {
    const sheet = workbook.Sheets[name];
    for (const [address, cell] of Object.entries(sheet)) {
      if (address.startsWith('!')) continue;
      const c = cell as XLSX.CellObject;
      if (c.t === 's' && typeof c.v === 'string' && c.v.includes(DISTRICT)) cells.push({ cell: c, text: c.v });
    }
  }
  const bookType = BOOK_TYPES[ext] ?? 'xlsx';
  return {
    sample,
    ext,
    bytes(district) {
      for (const { cell, text } of cells) {
        cell.v = text.split(DISTRICT).join(district);
        delete cell.w;
        delete cell.h;
        delete cell.r;
      }
      const out = XLSX.write(workbook, { type: 'buffer', bookType, compression: true }) as Buffer;
      return out;
    },
  };
}

/** The file name of sample `sample` for district `district`: the district replaced, or added when the name has none. */
export function fileNameFor(sample: Sample, district: string): string {
  if (sample.file.includes(DISTRICT)) return sample.file.split(DISTRICT).join(district);
  const ext = path.extname(sample.file);
  return `${path.basename(sample.file, ext)}（${district}）${ext}`;
}

export interface CorpusFile {
  name: string;
  /** The sample it was made from, with what its import should yield. */
  sample: Sample;
}

/** How many files of each extension the mix has, for the report. */
export function formatMix(files: readonly CorpusFile[]): Record<string, number> {
  const mix: Record<string, number> = {};
  for (const f of files) {
    const ext = path.extname(f.name).slice(1).toLowerCase();
    mix[ext] = (mix[ext] ?? 0) + 1;
  }
  return mix;
}

/** The names and samples of a corpus of N files, without writing it. */
export function corpusFiles(count: number): CorpusFile[] {
  return Array.from({ length: count }, (_, i) => {
    const sample = SAMPLES[i % SAMPLES.length];
    return { name: fileNameFor(sample, districtName(Math.floor(i / SAMPLES.length))), sample };
  });
}

/**
 * Writes N submissions into `dir` (created; existing files of the same name are replaced),
 * reporting progress every `every` files.
 */
export function generateCorpus(dir: string, count: number, onProgress?: (done: number, total: number) => void, every = 500): CorpusFile[] {
  fs.mkdirSync(dir, { recursive: true });
  const templates = SAMPLES.map(template);
  const files = corpusFiles(count);
  for (let i = 0; i < count; i++) {
    const t = templates[i % templates.length];
    fs.writeFileSync(path.join(dir, files[i].name), t.bytes(districtName(Math.floor(i / templates.length))));
    if (onProgress && ((i + 1) % every === 0 || i + 1 === count)) onProgress(i + 1, count);
  }
  return files;
}
