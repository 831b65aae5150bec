/**
 * A parsing worker (piscina): a file that hangs or exhausts memory takes down this thread,
 * not the run.
 */
import { workerData } from 'node:worker_threads';
import { importBytes, importFile, type ImportOutcome, type ImportSettings } from './import';

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
}

const { settings } = workerData as WorkerData;

export default function parse(task: ParseTask): Promise<ImportOutcome> {
  if (task.bytes) {
    const bytes = Buffer.from(task.bytes.buffer, task.bytes.byteOffset, task.bytes.byteLength);
    return importBytes(bytes, task.file, settings, task.importedAt, task.sha256);
  }
  return importFile(task.filePath, task.file, settings, task.importedAt, task.sha256);
}
