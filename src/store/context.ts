/**
 * What every room of the store shares: the one database handle, its prepared statements,
 * the root of out/ and the paths under it that more than one room names, the meta table,
 * and the sets a transaction fills for the writes that follow it (touched submissions, files
 * published but not yet fsynced).
 *
 * Owns no table of its own and decides nothing: a room reads and writes through it, and
 * never reaches into another room's state.
 */
import path from 'node:path';
import type Database from 'better-sqlite3';
import { Unsynced } from './atomic';
import type { DB } from './db';

/** The `published` rows of a run's files (runs/<id>/…, runs/latest.json): written from the runs table, not a submission. */
export const RUN_FILE = 0;

export class StoreContext {
  /** Originals, their records and published files written since the last durable(): a batch's files reach the disk together. */
  readonly unsynced = new Unsynced();
  /** Submissions whose findings in force were touched by the transaction in hand: their published files follow. */
  readonly touched = new Set<number>();
  /** Prepared statements, prepared once: preparing cost more than running over a run's thousands of files. */
  private readonly statements = new Map<string, Database.Statement>();

  constructor(readonly root: string, readonly db: DB) {}

  sql(text: string): Database.Statement {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }

  /**
   * Runs `fn` in one BEGIN IMMEDIATE transaction: it holds the write lock from its first
   * read, so a commit of another process in between (the desk deciding beside a run) can not
   * fail it: a deferred one that had read could not wait for the lock to write, and failed
   * at once with SQLITE_BUSY (2 of 30 files of a run skipped as WRITE.failed).
   */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  /** Runs `read` in one deferred transaction that only reads: one snapshot, no lock held from the start. */
  snapshot<T>(read: () => T): T {
    return this.db.transaction(read)();
  }

  meta(key: string): string | null {
    return (this.sql('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value ?? null;
  }

  setMeta(key: string, value: string | null): void {
    if (value === null) this.sql('DELETE FROM meta WHERE key = ?').run(key);
    else this.sql('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  /** A path under out/ as the `published` table keeps it: relative, with forward slashes. */
  relative(file: string): string {
    return path.relative(this.root, file).split(path.sep).join('/');
  }

  get databaseFile(): string {
    return path.join(this.root, 'nianbao.db');
  }

  get decisionsFile(): string {
    return path.join(this.root, 'decisions.jsonl');
  }

  originalPath(sha256: string): string {
    return path.join(this.root, 'originals', sha256);
  }

  runDir(runId: string): string {
    return path.join(this.root, 'runs', runId);
  }
}

/**
 * A WHERE clause of the filters given (the others left out, so SQLite can use the indexes a
 * `@x IS NULL OR …` clause would defeat: a year's overview read the whole table that way).
 * Keys are column names from the code, never from a request.
 */
export function conditions(filters: Record<string, string | number | undefined>): { where: string; values: Record<string, string | number> } {
  const given = Object.entries(filters).filter((entry): entry is [string, string | number] => entry[1] !== undefined);
  return { where: given.map(([column]) => `${column} = @${column}`).join(' AND ') || '1 = 1', values: Object.fromEntries(given) };
}
