import fs from 'node:fs';
import path from 'node:path';
import { hashFile, sha256Of } from '../read/hash';

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
 * else streamed through the hash only, never held.
 */
export async function readChanged(file: InboxFile, maxBytes: number): Promise<ReadFile> {
  if (file.size <= maxBytes) {
    // Read at once: a submission is small, and fs.promises.readFile costs more than the read.
    const bytes = fs.readFileSync(file.path);
    const sha256 = sha256Of(bytes);
    return bytes.length <= maxBytes ? { sha256, bytes } : { sha256 };
  }
  return { sha256: await hashFile(file.path) };
}
