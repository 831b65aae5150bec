import fs from 'node:fs';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';

/**
 * Every output is written to a temporary file and renamed into place (write-file-atomic),
 * so a reader or a crash never sees half a file. A process killed mid-write can leave its
 * temporary file behind: `sweepTemporaryFiles` removes them before the next run writes.
 */
export function writeAtomic(file: string, data: string | Buffer): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  writeFileAtomic.sync(file, data);
}

export const writeJson = (file: string, value: unknown): void => writeAtomic(file, JSON.stringify(value, null, 2) + '\n');

/** write-file-atomic names its temporary files `<name>.<number>`. */
const TEMPORARY = /\.\d+$/;

export function sweepTemporaryFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const removed: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const full = path.join(entry.parentPath ?? entry.path, entry.name);
    if (entry.isFile() && TEMPORARY.test(entry.name)) {
      fs.rmSync(full, { force: true });
      removed.push(full);
    }
  }
  return removed;
}
