/**
 * The sha256 that names a submission's bytes (ledger, outputs, quarantine). Here in discover,
 * below read (which re-exports it), so the run's thread can hash without loading SheetJS.
 */
import crypto from 'node:crypto';
import { createReadStream } from 'node:fs';

export const sha256Of = (bytes: Buffer): string => crypto.createHash('sha256').update(bytes).digest('hex');

/** sha256 of a file, streamed so a large file is never held whole. */
export async function hashFile(file: string | Buffer): Promise<string> {
  const hash = crypto.createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
