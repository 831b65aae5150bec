import fs from 'node:fs';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';

/**
 * Every output is written to a temporary file and renamed into place (write-file-atomic),
 * so a reader or a crash never sees half a file. A process killed mid-write can leave its
 * temporary file behind: `sweepTemporaryFiles` removes them before the next run writes.
 */
export function writeAtomic(file: string, data: string | Buffer, options: WriteOptions = {}): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  writeFileAtomic.sync(file, data, { fsync: options.fsync ?? true });
}

export interface WriteOptions {
  /**
   * false: do not wait for the disk. For the many files of a run, made durable together by
   * syncFiles before the ledger records them: one wait for the disk instead of one per file.
   */
  fsync?: boolean;
}

export const writeJson = (file: string, value: unknown, options: WriteOptions = {}): void =>
  writeAtomic(file, JSON.stringify(value, null, 2) + '\n', options);

/** Waits until the files, and the folders that name them, are on disk. */
export function syncFiles(files: Iterable<string>): void {
  const folders = new Set<string>();
  for (const file of files) {
    syncPath(file);
    folders.add(path.dirname(file));
  }
  for (const folder of folders) syncPath(folder);
}

function syncPath(target: string): void {
  let fd: number;
  try {
    fd = fs.openSync(target, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return; // replaced since: nothing of it to keep
    throw e;
  }
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * A copy of a file that may be large, under its final name only once whole: copied to a hidden
 * temporary name beside it, then renamed (write-file-atomic would read it all into memory).
 */
export function copyAtomic(source: string, target: string): void {
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}${COPYING}`);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.copyFileSync(source, temporary);
  fs.renameSync(temporary, target);
}

const COPYING = '.copying';

/** write-file-atomic names its temporary files `<name>.<number>`. */
const TEMPORARY = /\.\d+$/;

/**
 * Whether a file is a leftover temporary file. Folders of copies (quarantine/) hold files
 * under the names departments gave them, which may well end in `.<number>` ("报告.2021"):
 * there only copyAtomic's hidden names and temporary JSON files count.
 */
const isTemporary = (name: string, copies: boolean): boolean =>
  copies ? (name.startsWith('.') && name.endsWith(COPYING)) || /\.json\.\d+$/.test(name) : TEMPORARY.test(name);

/** Removes the temporary files a killed process left under `dir`; `copies` names its folders of copies. */
export function sweepTemporaryFiles(dir: string, copies: readonly string[] = []): string[] {
  if (!fs.existsSync(dir)) return [];
  const copyFolders = new Set(copies.map((folder) => path.resolve(folder)));
  const removed: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const parent = entry.parentPath ?? entry.path;
    const full = path.join(parent, entry.name);
    if (entry.isFile() && isTemporary(entry.name, copyFolders.has(path.resolve(parent)))) {
      fs.rmSync(full, { force: true });
      removed.push(full);
    }
  }
  return removed;
}
