/**
 * The documents the views make and the store publishes for them: out/feedback/,
 * out/compiled/ and out/exports/ (<kind>/<year>/<name>.<ext>), each written whole.
 *
 * Never touches the database: a document is made from what the views read and can be
 * made again; nothing records it.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { DocumentKind } from './api';
import { writeAtomic } from './atomic';
import type { StoreContext } from './context';
import { safeName } from './names';

export class Documents {
  constructor(private readonly ctx: StoreContext) {}

  publishDocument(kind: DocumentKind, year: number | null, name: string, extension: string, bytes: Buffer | string): string {
    const file = this.documentPath(kind, year, name, extension);
    writeAtomic(file, bytes);
    return file;
  }

  documentPath(kind: DocumentKind, year: number | null, name: string, extension: string): string {
    return path.join(this.ctx.root, kind, ...(year === null ? [] : [String(year)]), `${safeName(name)}.${extension}`);
  }

  removeDocument(kind: DocumentKind, year: number | null, name: string, extension: string): boolean {
    const file = this.documentPath(kind, year, name, extension);
    if (!fs.existsSync(file)) return false;
    fs.rmSync(file);
    return true;
  }
}
