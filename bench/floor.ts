/**
 * The floor: every file of a corpus read with bare SheetJS `XLSX.read`, one after the other,
 * in the run's order and with the options the pipeline reads with (dense, formulas, number
 * formats, row limit), since that is the least nianbao could do. bench.ts times it in its own
 * process and, through floor-process.ts, as a whole process beside `nianbao run`.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as XLSX from 'xlsx';
import * as cpexcel from 'xlsx/dist/cpexcel.js';

XLSX.set_cptable(cpexcel);

/** The pipeline's own read options (src/read/index.ts), its default row limit included. */
export const READ_OPTIONS = { type: 'buffer', dense: true, cellFormula: true, cellNF: true, sheetRows: 5001 } as const;

/** The corpus's files in the run's order (the code-point order discover sorts by). */
export const listFiles = (dir: string): string[] => fs.readdirSync(dir).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

export function readEvery(dir: string): void {
  for (const name of listFiles(dir)) {
    try {
      XLSX.read(fs.readFileSync(path.join(dir, name)), { ...READ_OPTIONS });
    } catch {
      // a file SheetJS refuses (the cut-off upload) costs what its refusal costs
    }
  }
}
