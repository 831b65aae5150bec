import fs from 'node:fs';
import path from 'node:path';
import type { Ledger, LedgerEntry } from '../write/ledger';

/** An inbox file as found: where it is, the name outputs use, and what the disk says of it. */
export interface InboxFile {
  path: string;
  /** Relative to the inbox, with forward slashes. */
  name: string;
  size: number;
  mtimeMs: number;
}

/** Every regular file under the inbox, in a stable order (hidden files included: nothing is ignored silently). */
export function discover(inbox: string): InboxFile[] {
  const files: InboxFile[] = [];
  for (const entry of fs.readdirSync(inbox, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath ?? entry.path, entry.name);
    const stat = fs.statSync(full);
    files.push({ path: path.resolve(full), name: path.relative(inbox, full).split(path.sep).join('/'), size: stat.size, mtimeMs: stat.mtimeMs });
  }
  return files.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Unchanged means same size and mtime as the ledger remembers: decided without reading the file. */
export function isUnchanged(file: InboxFile, entry: LedgerEntry | undefined): boolean {
  return entry !== undefined && entry.size === file.size && entry.mtimeMs === file.mtimeMs;
}

export const ledgerKey = (file: InboxFile): string => file.path;

export type { Ledger };
