import fs from 'node:fs';
import path from 'node:path';
import type iconvLite from 'iconv-lite';
import { hashFile, sha256Of } from './hash';

/** An inbox entry as found: where it is, the name outputs use, and what the disk says of it. */
export interface InboxFile {
  /** Absolute. For a name that is not UTF-8, the readable form (the ledger's key); `raw` opens it. */
  path: string;
  /** Relative to the inbox, with forward slashes. */
  name: string;
  size: number;
  mtimeMs: number;
  /** The path's bytes, when a name on it is not UTF-8 (a GBK name unzip left from a Windows archive). */
  raw?: Buffer;
  /** How `name` was made readable when the bytes are not UTF-8. */
  nameEncoding?: NameEncoding;
  /** Why this entry is not read at all (a FIFO, a dangling link, a folder that can not be listed). */
  problem?: InboxProblem;
}

/**
 * A name that is not UTF-8 is decoded as GB18030 (what Windows archives in China hold) when
 * its bytes are GB18030 through and through; else each byte that is not ASCII is shown as \xNN.
 */
export type NameEncoding = 'gb18030' | 'bytes';

/**
 * Why an inbox entry, or a file of the run, ended without a result: a code from this closed
 * list, and the detail (an errno code, the kind of file). The policy:
 * - a regular file is imported; a symbolic link to a regular file is imported under the
 *   link's name (its size and mtime are the target's);
 * - a link that loops, a link to nothing, a link to a folder (not followed: a link to an
 *   ancestor would loop), a FIFO, socket or device, a folder that can not be listed are
 *   each recorded as skipped with their reason, never opened;
 * - a file that can not be read, or vanishes before it is read, is skipped with its reason
 *   and tried again next run; so is a file whose result could not be written.
 */
export type InboxRule =
  | 'INBOX.symlink-loop'
  | 'INBOX.dangling-link'
  | 'INBOX.linked-folder'
  | 'INBOX.special-file'
  | 'INBOX.unreadable-folder'
  | 'INBOX.unreadable'
  | 'INBOX.vanished'
  | 'ORIGINAL.lost'
  | 'WRITE.failed'
  | 'INTERNAL.error';

export interface InboxProblem {
  rule: InboxRule;
  /** Chinese, for the operator; the rule is the code. */
  reason: string;
  /** The errno code or the kind of file, when there is one. */
  detail?: string;
}

const REASONS: Record<InboxRule, string> = {
  'INBOX.symlink-loop': '符号链接循环指向自身，未读取',
  'INBOX.dangling-link': '符号链接指向的文件不存在，未读取',
  'INBOX.linked-folder': '指向文件夹的符号链接不跟随，未读取',
  'INBOX.special-file': '不是普通文件（管道、套接字或设备），未读取',
  'INBOX.unreadable-folder': '文件夹无法读取（权限不足或已损坏），其中的文件未读取',
  'INBOX.unreadable': '文件无法读取（权限不足或磁盘错误），下次运行重试',
  'INBOX.vanished': '文件在读取前被删除或移走，下次运行重试',
  'ORIGINAL.lost': '保存的原件已损坏（内容与其 sha256 不符），收件箱中也已没有该文件，无法重新核对',
  'WRITE.failed': '结果无法写入输出文件夹（磁盘已满或写入失败），下次运行重试',
  'INTERNAL.error': 'nianbao 处理该文件时出错，下次运行重试',
};

export const inboxProblem = (rule: InboxRule, detail?: string): InboxProblem => ({ rule, reason: REASONS[rule], ...(detail ? { detail } : {}) });

const WRITE_FAULTS = new Set(['ENOSPC', 'EFBIG', 'EDQUOT', 'EROFS', 'ESHORTWRITE', 'ENAMETOOLONG']);

/** What an error met while reading a file or writing its result means for that file. */
export function problemOf(error: unknown, stage: 'read' | 'write' = 'read'): InboxProblem {
  if (error instanceof InboxProblemError) return error.problem;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const detail = code ?? (error instanceof Error ? error.message.split('\n')[0] : String(error));
  if (code === 'ENOENT' && stage === 'read') return inboxProblem('INBOX.vanished', code);
  if ((code === 'EACCES' || code === 'EPERM' || code === 'EIO' || code === 'EISDIR') && stage === 'read') return inboxProblem('INBOX.unreadable', code);
  // A write's fs error is the disk's, named with the output it failed on; anything else thrown while writing is a fault of nianbao.
  if (code && (stage === 'write' || WRITE_FAULTS.has(code))) {
    const output = (error as { file?: string }).file ?? (error as NodeJS.ErrnoException).path;
    return inboxProblem('WRITE.failed', output ? `${detail} ${output}` : detail);
  }
  return inboxProblem('INTERNAL.error', detail);
}

/**
 * Every entry under the inbox, in a stable order (hidden files included: nothing is ignored
 * silently): files to read, and entries that are not read with their problem. Only an inbox
 * that can not be listed at all throws.
 */
export function discover(inbox: string): InboxFile[] {
  const root = path.resolve(inbox);
  const entries: InboxFile[] = [];
  walk(root, undefined, '', undefined, entries, true);
  return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** One path given by hand (`nianbao import FILE`), classified as discover would. */
export function inboxEntry(file: string): InboxFile {
  const full = path.resolve(file);
  return classify(placeholder(full, path.basename(full), undefined, undefined));
}

const SEPARATOR = Buffer.from(path.sep);
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A folder's entries, named from the inbox (`prefix`: the folder's name and a slash). Once a
 * name on the way is not UTF-8 (`raw` is then the folder's path as bytes), entries are opened
 * by their bytes; otherwise by their path as text, the same file and cheaper (an unchanged
 * night lists 10,000 of them).
 */
function walk(dirPath: string, raw: Buffer | undefined, prefix: string, folderEncoding: NameEncoding | undefined, out: InboxFile[], isRoot = false): void {
  let names: Array<string | Buffer>;
  try {
    names = listNames(raw ?? dirPath);
  } catch (e) {
    if (isRoot) throw e;
    out.push({ ...placeholder(dirPath, prefix, raw, folderEncoding), problem: inboxProblem('INBOX.unreadable-folder', (e as NodeJS.ErrnoException).code) });
    return;
  }
  // A listed name is never empty, '.', '..' or holds a separator: the paths are concatenated.
  const folder = dirPath.endsWith(path.sep) ? dirPath : dirPath + path.sep;
  for (const listed of names) {
    const decoded = typeof listed === 'string' ? { text: listed } : decodeName(listed);
    // A name below a folder whose name is not UTF-8 is opened by its bytes too.
    const encoding = decoded.encoding ?? folderEncoding;
    const entryPath = folder + decoded.text;
    const entryRaw = encoding ? Buffer.concat([raw ?? Buffer.from(dirPath), SEPARATOR, Buffer.from(listed)]) : undefined;
    const entry = placeholder(entryPath, prefix + decoded.text, entryRaw, encoding);
    let stat: fs.Stats;
    try {
      stat = fs.lstatSync(entryRaw ?? entryPath);
    } catch (e) {
      out.push({ ...entry, problem: problemOf(e) });
      continue;
    }
    if (stat.isDirectory()) walk(entryPath, entryRaw, `${entry.name}/`, encoding, out);
    else out.push(classify(entry, stat));
  }
}

/**
 * A folder's names: as text, or as bytes when a name is not UTF-8 (as text its bytes would
 * be lost to U+FFFD) or the folder's own path is not. Text first: an unchanged night lists
 * 10,000 names, and a Buffer for each costs.
 */
function listNames(dir: string | Buffer): Array<string | Buffer> {
  if (typeof dir === 'string') {
    const names = fs.readdirSync(dir);
    if (!names.some((name) => name.includes('\ufffd'))) return names;
  }
  return fs.readdirSync(dir, { encoding: 'buffer' });
}

/** A file, a link or something else: what it is decides whether it is read. */
function classify(base: InboxFile, lstat?: fs.Stats): InboxFile {
  const open = base.raw ?? base.path;
  let stat: fs.Stats;
  try {
    stat = lstat ?? fs.lstatSync(open);
    if (stat.isSymbolicLink()) {
      try {
        stat = fs.statSync(open);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'ELOOP') return { ...base, problem: inboxProblem('INBOX.symlink-loop', code) };
        if (code === 'ENOENT' || code === 'ENOTDIR') return { ...base, problem: inboxProblem('INBOX.dangling-link', fs.readlinkSync(open, 'utf8')) };
        return { ...base, problem: problemOf(e) };
      }
      if (stat.isDirectory()) return { ...base, problem: inboxProblem('INBOX.linked-folder', fs.readlinkSync(open, 'utf8')) };
    }
  } catch (e) {
    return { ...base, problem: problemOf(e) };
  }
  if (!stat.isFile()) return { ...base, problem: inboxProblem('INBOX.special-file', kindOf(stat)) };
  // The entry is this walk's own, just made: given its size in place rather than copied.
  base.size = stat.size;
  base.mtimeMs = stat.mtimeMs;
  return base;
}

/** An entry before its size is known; one whose name is not UTF-8 keeps its bytes to be opened by. */
function placeholder(entryPath: string, name: string, raw: Buffer | undefined, encoding: NameEncoding | undefined): InboxFile {
  const entry: InboxFile = { path: entryPath, name, size: 0, mtimeMs: 0 };
  if (raw && encoding) Object.assign(entry, { raw, nameEncoding: encoding });
  return entry;
}

const kindOf = (stat: fs.Stats): string =>
  stat.isFIFO() ? 'fifo' : stat.isSocket() ? 'socket' : stat.isCharacterDevice() ? 'character-device' : stat.isBlockDevice() ? 'block-device' : stat.isDirectory() ? 'directory' : 'other';

/** A name's bytes as text: UTF-8 when they are, else GB18030 when they are exactly that, else with \xNN escapes. */
export function decodeName(bytes: Buffer): { text: string; encoding?: NameEncoding } {
  try {
    return { text: UTF8.decode(bytes) };
  } catch {
    // Loaded for such a name only: every run lists the inbox, few meet one.
    const iconv = require('iconv-lite') as typeof iconvLite;
    const gb = iconv.decode(bytes, 'gb18030');
    if (!gb.includes('\ufffd') && iconv.encode(gb, 'gb18030').equals(bytes)) return { text: gb, encoding: 'gb18030' };
    let text = '';
    for (const byte of bytes) text += byte < 0x80 ? String.fromCharCode(byte) : `\\x${byte.toString(16).padStart(2, '0')}`;
    return { text, encoding: 'bytes' };
  }
}

/** Unchanged means same size and mtime as the ledger remembers: decided without reading the file. */
export function isUnchanged(file: InboxFile, entry: { size: number; mtimeMs: number } | undefined): boolean {
  return entry !== undefined && entry.size === file.size && entry.mtimeMs === file.mtimeMs;
}


/** A changed file's hash, and its bytes when it is small enough to be parsed (read once, hashed once). */
export interface ReadFile {
  sha256: string;
  /** Absent when the file is over `maxBytes`: it was only streamed through the hash. */
  bytes?: Buffer;
}

/**
 * Reads a file the ledger does not know as it is: whole when it is within `maxBytes` (those
 * bytes are then both hashed and parsed, so the parse is of the bytes the ledger records),
 * else streamed through the hash only, never held. A file discovered as not to be read
 * throws its problem; a file that can not be read throws the fs error (problemOf names it).
 */
export async function readChanged(file: InboxFile, maxBytes: number): Promise<ReadFile> {
  if (file.problem) throw new InboxProblemError(file.problem);
  const source = file.raw ?? file.path;
  if (file.size <= maxBytes) {
    // Read at once: a submission is small, and fs.promises.readFile costs more than the read.
    const bytes = fs.readFileSync(source);
    const sha256 = sha256Of(bytes);
    return bytes.length <= maxBytes ? { sha256, bytes } : { sha256 };
  }
  return { sha256: await hashFile(source) };
}

/** An entry discovered as not to be read, should anything try to read it. */
export class InboxProblemError extends Error {
  readonly code = 'INBOX';
  constructor(readonly problem: InboxProblem) {
    super(`${problem.rule}: ${problem.reason}`);
  }
}
