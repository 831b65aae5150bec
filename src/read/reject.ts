import type { ReadCause } from '../model/draft';

/**
 * Why a file could not be read: a PARSE rule id, its cause from the closed list of
 * model/draft.ts, and the reader's words for the message.
 */
export type ReadRejection =
  | { rule: 'PARSE.unreadable'; cause: ReadCause; reason: string }
  | { rule: 'PARSE.encrypted'; cause: 'encrypted'; reason: string }
  | { rule: 'PARSE.too-large'; cause: 'file-size' | 'inflated-size' | 'rows' | 'memory' | 'line-too-long'; reason: string };
