/**
 * A thread of the parallel floor (bench/bench.ts): reads its share of the corpus with bare
 * SheetJS, as the floor does, and says when it is done.
 */
import fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import * as XLSX from 'xlsx';
import * as cpexcel from 'xlsx/dist/cpexcel.js';

XLSX.set_cptable(cpexcel);

const { files, options } = workerData as { files: string[]; options: XLSX.ParsingOptions };
for (const file of files) {
  try {
    XLSX.read(fs.readFileSync(file), { ...options });
  } catch {
    // refused: timed all the same
  }
}
parentPort?.postMessage('done');
