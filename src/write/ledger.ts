import fs from 'node:fs';
import { z } from 'zod';
import { writeJson } from './atomic';

/** What the ledger remembers of each inbox file: enough to skip it when unchanged. */
export const LedgerEntrySchema = z.object({
  /** The name outputs use (relative to the inbox). */
  file: z.string(),
  size: z.number(),
  mtimeMs: z.number(),
  sha256: z.string(),
  status: z.enum(['clean', 'discrepancies', 'rejected']),
  agency: z.string().nullable(),
  year: z.number().nullable(),
  runId: z.string(),
  importedAt: z.string(),
});
export type LedgerEntry = z.infer<typeof LedgerEntrySchema>;

const LedgerSchema = z.object({ version: z.literal(1), files: z.record(z.string(), LedgerEntrySchema) });
export type Ledger = z.infer<typeof LedgerSchema>;

export function readLedger(file: string): Ledger {
  if (!fs.existsSync(file)) return { version: 1, files: {} };
  const parsed = LedgerSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  // A ledger from another version is ignored, not trusted: the run then reimports everything.
  return parsed.success ? parsed.data : { version: 1, files: {} };
}

export const writeLedger = (file: string, ledger: Ledger): void => writeJson(file, ledger);
