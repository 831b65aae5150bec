/**
 * A parsing worker (piscina): a file that hangs or exhausts memory takes down this thread,
 * not the run.
 */
import { importFile, type ImportOutcome, type ImportSettings } from './import';

export interface ParseTask {
  filePath: string;
  file: string;
  settings: ImportSettings;
  importedAt: string;
}

export default function parse(task: ParseTask): Promise<ImportOutcome> {
  return importFile(task.filePath, task.file, task.settings, task.importedAt);
}
