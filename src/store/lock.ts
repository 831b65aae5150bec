import fs from 'node:fs';
import path from 'node:path';
import lockfile from 'proper-lockfile';

/**
 * One writer at a time on an output folder (proper-lockfile: a lock directory whose mtime
 * the holder refreshes; a lock not refreshed for `STALE_MS` belongs to a dead process and is
 * taken over). Beside it, a small note says who holds it, for the waiting command's message.
 */
const STALE_MS = 10_000;

export interface LockOwner {
  pid: number;
  command: string;
  since: string;
}

export class LockBusyError extends Error {
  readonly code = 'LOCK_BUSY';
  constructor(readonly dir: string, readonly owner: LockOwner | null, waitedSeconds: number) {
    super(
      `output folder ${dir} is locked by ${owner ? `pid ${owner.pid} (${owner.command}, since ${owner.since})` : 'another process'}; waited ${waitedSeconds}s`,
    );
  }
}

const ownerFile = (dir: string) => path.join(dir, '.lock-owner.json');

export async function lockOutput(dir: string, command: string, waitSeconds: number): Promise<() => Promise<void>> {
  fs.mkdirSync(dir, { recursive: true });
  const deadline = Date.now() + waitSeconds * 1000;
  for (;;) {
    try {
      // proper-lockfile's default throws from a timer when the lock can not be refreshed (a full
      // disk, the folder removed): an uncaught exception that would end `schedule`. Warned instead.
      let compromised: Error | null = null;
      const onCompromised = (e: Error) => {
        compromised = e;
        process.emitWarning(`the lock on ${dir} was lost: ${e.message}`, { code: 'NIANBAO_LOCK_COMPROMISED' });
      };
      const release = await lockfile.lock(dir, { lockfilePath: path.join(dir, '.lock'), stale: STALE_MS, update: STALE_MS / 2, realpath: false, onCompromised });
      try {
        fs.writeFileSync(ownerFile(dir), JSON.stringify({ pid: process.pid, command, since: new Date().toISOString() }));
      } catch (e) {
        // A full disk: the lock is given back and the error names the file it could not write.
        fs.rmSync(ownerFile(dir), { force: true });
        await release();
        throw Object.assign(e as Error, { file: ownerFile(dir) });
      }
      return async () => {
        fs.rmSync(ownerFile(dir), { force: true });
        try {
          await release();
        } catch (e) {
          // A lost lock has nothing left to release; the run's own outcome stands.
          if (!compromised) throw e;
        }
      };
    } catch (e) {
      if ((e as { code?: string }).code !== 'ELOCKED') throw e;
      if (Date.now() >= deadline) throw new LockBusyError(dir, readOwner(dir), waitSeconds);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

function readOwner(dir: string): LockOwner | null {
  try {
    return JSON.parse(fs.readFileSync(ownerFile(dir), 'utf8')) as LockOwner;
  } catch {
    return null;
  }
}
