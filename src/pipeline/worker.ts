/**
 * A parsing worker (piscina): a file that hangs or exhausts memory takes down this thread,
 * not the run.
 */
import { format } from 'node:util';
import { threadId, workerData } from 'node:worker_threads';
import { importBytes, importFile, type ImportOutcome, type ImportSettings, type ReportOutcome } from './import';

/** Sent once, when the thread starts. */
export interface WorkerData {
  settings: ImportSettings;
}

/** Sent for each file: the bytes the run read and hashed, or only the path of a file it did not read (too large). */
export interface ParseTask {
  filePath: string;
  file: string;
  sha256: string;
  importedAt: string;
  bytes?: Uint8Array;
  /** Stamped when this thread starts on the file: the time (ms since the epoch), then the thread's id. The pool's time limit runs from then. */
  started: BigInt64Array;
}

type Imported = Extract<ReportOutcome, { cleaned: unknown }>;

/**
 * One report as it comes back to the run. An imported report comes as the compact JSON text
 * the store keeps: made here beside the parsing rather than on the run's thread, and a string
 * crosses between threads as one copy where a structured clone walks every node of the report.
 */
export type ParsedReport = Exclude<ReportOutcome, Imported> | (Omit<Imported, 'cleaned'> & { report: string; importedAt: string });

/** A file's outcome as it comes back (with each report of a workbook of several), and what the parser wrote to the console while reading it. */
export type ParsedFile = ParsedReport & {
  reports?: ParsedReport[];
  parserMessages?: string[];
  /** How long this thread took over the file (the run's own clock would count the time it waited in the queue). */
  parseMs?: number;
};

const { settings } = workerData as WorkerData;

/**
 * SheetJS writes what it stumbles on in a damaged file to the console ("Missing Info for XLS
 * Record 0x…"): from a worker those would reach the run's stderr as stray lines among the
 * JSON log. They go with the file's outcome instead, and the run logs them under its name.
 */
let parserMessages: string[] = [];
const MAX_MESSAGES = 20;
for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
  console[method] = (...args: unknown[]) => {
    if (parserMessages.length < MAX_MESSAGES) parserMessages.push(format(...args));
  };
}

/** The files this thread holds (pool.ts hands it a few at once), parsed one after another. */
let queue: Promise<unknown> = Promise.resolve();

export default function parse(task: ParseTask): Promise<ParsedFile> {
  const parsed = queue.then(() => parseOne(task));
  queue = parsed.catch(() => undefined);
  return parsed;
}

async function parseOne(task: ParseTask): Promise<ParsedFile> {
  Atomics.store(task.started, 1, BigInt(threadId));
  Atomics.store(task.started, 0, BigInt(Date.now()));
  parserMessages = [];
  const started = performance.now();
  const imported = task.bytes
    ? await importBytes(Buffer.from(task.bytes.buffer, task.bytes.byteOffset, task.bytes.byteLength), task.file, settings, task.importedAt, task.sha256)
    : await importFile(task.filePath, task.file, settings, task.importedAt, task.sha256);
  const outcome = { ...asParsed(imported), parseMs: Math.round(performance.now() - started) };
  return parserMessages.length > 0 ? { ...outcome, parserMessages } : outcome;
}

function asParsed(outcome: ImportOutcome): ParsedFile {
  const { reports, ...top } = outcome;
  return reports ? { ...asParsedReport(top as ReportOutcome), reports: reports.map(asParsedReport) } : asParsedReport(top as ReportOutcome);
}

function asParsedReport(outcome: ReportOutcome): ParsedReport {
  if (!('cleaned' in outcome)) return outcome;
  const { cleaned, ...rest } = outcome;
  return { ...rest, report: JSON.stringify(cleaned), importedAt: cleaned.source.importedAt };
}
