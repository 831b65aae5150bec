import { writeFault } from '../store';

const CAUSE: Record<string, string> = {
  ENOSPC: 'the disk is full', SQLITE_FULL: 'the disk is full', SQLITE_IOERR_SHMSIZE: 'the disk is full or a file-size limit is reached',
  SQLITE_IOERR_WRITE: 'the disk refused the write', EDQUOT: 'the disk quota is reached', EFBIG: 'a file-size limit is reached', ESHORTWRITE: 'the disk took only part of it',
};

/**
 * A command stopped by a write the disk refused (full, over quota, a file-size limit). It
 * says what could not be written, while importing which file when it was given one, and that
 * nothing already imported is lost: every transaction of the store is whole or rolled back,
 * every output written whole beside the old one, and what was not recorded is tried again.
 */
export class WriteFaultError extends Error {
  constructor(readonly target: string, readonly code: string, readonly file: string | null, cause: Error) {
    super(`could not write ${target}${file ? ` while importing ${file}` : ''}: ${CAUSE[code] ?? code} (${code}). ` +
      'Nothing already imported is lost: the store and out/ keep every result recorded before; free some space and run again, and what this run did not record is done then', { cause });
  }
}

/** `e` as a WriteFaultError when it is a write the disk refused under the output folder `out`; otherwise `e`. */
export function asWriteFault(e: unknown, out: string, file: string | null): unknown {
  const fault = writeFault(e, out);
  return fault && e instanceof Error && !(e instanceof WriteFaultError) ? new WriteFaultError(fault.target, fault.code, file, e) : e;
}
