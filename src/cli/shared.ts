/** What the commands share: the exit statuses of the design's contract, the logger, opening the store. */
import { createLogger, type Logger } from '../log';
import type { Agencies } from '../model/agencies';
import { BUNDLED_MAPPINGS, loadAgencies } from '../read/mappings';
import { lockOutput, Store } from '../store';
import type { StoreView } from '../store/api';
import { escapeTerminal } from '../store/formats';
import { resolveTyped, unresolvedMessage } from '../views/roster';
import { UsageError } from './options';

export const EXIT = { ok: 0, failure: 1, discrepancies: 2, rejected: 3 } as const;

export function logger(out?: string): Logger {
  return createLogger({ logDir: out ? Store.logDir(out) : undefined });
}

/** The store of an output folder a previous run made; a folder without one is a usage error, not an empty store. */
export function openExistingStore(out: string): Store {
  if (!Store.exists(out)) throw new UsageError(`no store in ${out} yet: run \`nianbao run --out ${out}\` first`);
  return Store.open(out);
}

/** agencies.yaml of a mappings folder (for names and aliases). */
export const agenciesOf = (dir: string = BUNDLED_MAPPINGS): Agencies => loadAgencies(dir);

/**
 * The canonical name of the agency an operator typed (--agency): any of its names, or a part
 * of one only it has. A name meaning no agency or several is a usage error (exit 1) listing
 * the names to type, never an empty result read as "no problems".
 */
export function resolveAgency(store: StoreView, agencies: Agencies, typed: string): string {
  const resolution = resolveTyped(store, agencies, typed);
  if (resolution.kind !== 'found') throw new UsageError(escapeTerminal(`--agency: ${unresolvedMessage(typed, resolution)}`));
  return resolution.agency;
}

/**
 * The documents' commands (feedback, compile, export): the existing store, under the output
 * folder's lock so a run never changes it halfway through a document.
 */
export async function withStoreLocked<T>(out: string, command: string, work: (store: Store) => Promise<T>, lockWaitSeconds = 60): Promise<T> {
  const store = openExistingStore(out);
  const release = await lockOutput(out, command, lockWaitSeconds);
  try {
    return await work(store);
  } finally {
    store.close();
    await release();
  }
}
