/**
 * The one place for limits and defaults. The CLI turns flags into a Config here; nothing
 * deeper reads process.argv or process.env.
 */
import os from 'node:os';
import { z } from 'zod';

export const LimitsSchema = z.object({
  /** Bytes a submission may have on disk. */
  maxFileBytes: z.number().int().positive().default(50 * 1024 * 1024),
  /** Bytes a workbook's archive may declare once inflated (decompression-bomb guard). */
  maxInflatedBytes: z.number().int().positive().default(300 * 1024 * 1024),
  /** Rows read from one sheet; the rest is ignored with a PARSE.too-large finding. */
  maxRows: z.number().int().positive().default(5000),
  /**
   * Characters one CSV record (line) may hold: a report's longest line is a few hundred, and
   * without this cap one huge line (a binary or a log saved as .csv) is parsed whole.
   */
  maxLineChars: z.number().int().positive().default(1_000_000),
  /** Seconds one file may take to parse before its worker is stopped. */
  timeoutSeconds: z.number().positive().default(60),
  /** Heap a parsing worker may use, in MB. */
  workerMemoryMb: z.number().int().positive().default(1024),
});
export type Limits = z.infer<typeof LimitsSchema>;
export const DEFAULT_LIMITS: Limits = LimitsSchema.parse({});

export const ConfigSchema = z.object({
  inbox: z.string().default('samples/inbox'),
  out: z.string().default('out'),
  mappingsDir: z.string(),
  force: z.boolean().default(false),
  jobs: z.number().int().positive().default(Math.max(1, os.availableParallelism())),
  limits: LimitsSchema.default(DEFAULT_LIMITS),
  /** How long a command waits for another one's lock on the output folder. */
  lockWaitSeconds: z.number().nonnegative().default(60),
});
export type Config = z.infer<typeof ConfigSchema>;
export type ConfigInput = z.input<typeof ConfigSchema>;
