/**
 * `node dist/bench/stages.js [--files N] [--corpus DIR]`: milliseconds per file in each stage
 * of the pipeline, timed by calling each stage's function directly, in this process, over a
 * corpus (generated like the benchmark's, or an existing folder).
 *
 * The steps are importBytes's, in its order, plus what the run does around it: loading and
 * hashing the file, handing the task to a worker and the outcome back (structured clone),
 * and writing the cleaned JSON. Each file is imported three times and the last pass is
 * kept, so the figures are for warm code, as in a long run.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import * as XLSX from 'xlsx';
import { DEFAULT_LIMITS } from '../src/config';
import { extract } from '../src/extract';
import { identify } from '../src/extract/identity';
import { indexLabels, locate } from '../src/locate';
import { canonicalAgency } from '../src/model/agencies';
import { normalize } from '../src/normalize';
import { readBytes } from '../src/read';
import { checkArchive } from '../src/read/archive';
import { BUNDLED_MAPPINGS, loadAgencies, loadMappings } from '../src/read/mappings';
import { reconcileFile, toFinding } from '../src/reconcile';
import { buildCleaned } from '../src/validate';
import { writeJson } from '../src/store/atomic';
import type { ImportSettings } from '../src/pipeline/import';
import { generateCorpus } from './corpus';

const STEPS = ['load', 'hash', 'read', 'read.sheetjs', 'read.zipcheck', 'locate', 'extract', 'normalize', 'validate', 'reconcile', 'write', 'clone', 'clone.settings'] as const;
type Step = (typeof STEPS)[number];
const ABOUT: Record<Step, string> = {
  load: 'fs.readFile of the submission',
  hash: 'sha256 of its bytes',
  read: 'readBytes: archive check, XLSX.read (or csv-parse), grid of cells',
  'read.sheetjs': '  of which XLSX.read (timed apart, same options)',
  'read.zipcheck': '  of which checkArchive, .xlsx/.ods (timed apart)',
  locate: 'identify + indexLabels + locate (score every mapping)',
  extract: 'extract: field cells of each table',
  normalize: 'normalize: cell text to numbers, blank totals',
  validate: 'buildCleaned: nest and zod-check the cleaned report',
  reconcile: 'file rules and findings (reconcileFile, toFinding)',
  write: 'writeJson of the cleaned report (stringify, temp file, fsync, rename)',
  clone: 'structured clone of the task (bytes moved) and of the outcome, its report as text (worker boundary)',
  'clone.settings': '  not paid: cloning the settings (every mapping) with each task, as before',
};

export interface StageTimes {
  files: number;
  /** Mean ms per file by step, over the files that reached it. */
  mean: Record<Step, number>;
  median: Record<Step, number>;
  /** XLSX.read alone (the benchmark's floor), mean ms per file. */
  xlsxRead: number;
}

const now = () => performance.now();
/** The pipeline's own read options (src/read/index.ts). */
const SHEETJS_OPTIONS = { type: 'buffer', dense: true, cellFormula: true, cellNF: true, sheetRows: DEFAULT_LIMITS.maxRows + 1 } as const;

async function timeFile(file: string, name: string, settings: ImportSettings, outDir: string, t: Partial<Record<Step, number>>): Promise<void> {
  let s = now();
  const bytes = fs.readFileSync(file);
  t.load = now() - s;
  s = now();
  const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
  t.hash = now() - s;
  s = now();
  const read = await readBytes(bytes, name, settings.limits);
  t.read = now() - s;
  if (/\.(xlsx|xls|et|ods)$/i.test(name)) {
    s = now();
    try {
      XLSX.read(bytes, { ...SHEETJS_OPTIONS });
    } catch {
      // refused: timed all the same
    }
    t['read.sheetjs'] = now() - s;
  }
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) {
    s = now();
    await checkArchive(bytes, settings.limits.maxInflatedBytes);
    t['read.zipcheck'] = now() - s;
  }
  if (!read.ok) return;
  const { grid } = read;
  s = now();
  const found = identify(grid, name, {});
  const identity = { agency: found.agency && canonicalAgency(settings.agencies, found.agency), year: found.year };
  const index = indexLabels(grid);
  const located = locate(index, settings.mappings);
  t.locate = now() - s;
  if (!located.ok || !identity.agency || !identity.year) return;
  const mapping = located.best.mapping;
  s = now();
  const extraction = extract(grid, mapping, index);
  t.extract = now() - s;
  s = now();
  const normalized = normalize(extraction, mapping.edition);
  t.normalize = now() - s;
  const report = { agency: identity.agency, year: identity.year, edition: mapping.edition, fields: normalized.fields };
  s = now();
  const cleaned = buildCleaned({ ...report, source: { file: name, sha256, mapping: mapping.name, sheets: extraction.sheets, importedAt: new Date(0).toISOString() }, blankCells: normalized.blankCells, extra: extraction.extra });
  t.validate = now() - s;
  s = now();
  const place = { agency: identity.agency, year: identity.year, file: name };
  const findings = [...extraction.problems, ...normalized.problems, ...reconcileFile(report)].map((d) => toFinding(d, place, { edition: mapping.edition, mapping: mapping.name }));
  t.reconcile = now() - s;
  s = now();
  writeJson(path.join(outDir, `${sha256.slice(0, 16)}.json`), cleaned);
  t.write = now() - s;
  const moved = new Uint8Array(bytes);
  s = now();
  structuredClone({ filePath: file, file: name, sha256, importedAt: '', bytes: moved }, { transfer: [moved.buffer] });
  structuredClone({ status: 'clean', file: name, sha256, report: JSON.stringify(cleaned), findings });
  t.clone = now() - s;
  s = now();
  structuredClone(settings);
  t['clone.settings'] = now() - s;
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
const median = (xs: number[]) => {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

export async function timeStages(dir: string, passes = 3, match?: string): Promise<StageTimes> {
  const settings: ImportSettings = { mappings: loadMappings(BUNDLED_MAPPINGS).mappings, agencies: loadAgencies(BUNDLED_MAPPINGS), limits: DEFAULT_LIMITS };
  const names = fs.readdirSync(dir).sort().filter((name) => !match || name.includes(match));
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-stages-'));
  let samples: Array<Partial<Record<Step, number>>> = [];
  try {
    for (let pass = 0; pass < passes; pass++) {
      samples = [];
      for (const name of names) {
        const t: Partial<Record<Step, number>> = {};
        await timeFile(path.join(dir, name), name, settings, outDir, t);
        samples.push(t);
      }
    }
  } finally {
    fs.rmSync(outDir, { recursive: true, force: true });
  }
  let xlsx = 0;
  for (const name of names) {
    const bytes = fs.readFileSync(path.join(dir, name));
    const s = now();
    try {
      XLSX.read(bytes, { ...SHEETJS_OPTIONS });
    } catch {
      // a broken file costs what it costs
    }
    xlsx += now() - s;
  }
  const of = (step: Step) => samples.map((t) => t[step]).filter((x): x is number => x !== undefined);
  return {
    files: names.length,
    mean: Object.fromEntries(STEPS.map((s) => [s, mean(of(s))])) as Record<Step, number>,
    median: Object.fromEntries(STEPS.map((s) => [s, median(of(s))])) as Record<Step, number>,
    xlsxRead: xlsx / names.length,
  };
}

async function main(): Promise<void> {
  const opts = new Command()
    .option('--files <n>', 'submissions to generate', (v) => Number(v), 300)
    .option('--corpus <dir>', 'time this folder of submissions instead of generating one')
    .option('--match <text>', 'only the files whose name holds this text (e.g. clean-2021_ for one typical report)')
    .option('--passes <n>', 'import every file this many times, keep the last (1: cold code, as in a run\'s first files)', (v) => Number(v), 3)
    .parse()
    .opts<{ files: number; corpus?: string; passes: number; match?: string }>();
  let dir = opts.corpus;
  const generated = !dir;
  if (!dir) {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-stages-corpus-'));
    generateCorpus(dir, opts.files);
  }
  try {
    const t = await timeStages(dir, opts.passes, opts.match);
    process.stdout.write(`${t.files} files${opts.match ? ` named *${opts.match}*` : ''}, ms per file (pass ${opts.passes} of ${opts.passes})\n`);
    process.stdout.write(`${'stage'.padEnd(15)} ${'median'.padStart(7)} ${'mean'.padStart(7)}  what\n`);
    for (const step of STEPS) process.stdout.write(`${step.padEnd(15)} ${t.median[step].toFixed(3).padStart(7)} ${t.mean[step].toFixed(3).padStart(7)}  ${ABOUT[step]}\n`);
    const total = STEPS.filter((step) => !step.includes('.')).reduce((a, s) => a + t.median[s], 0);
    process.stdout.write(`${'total'.padEnd(15)} ${total.toFixed(3).padStart(7)}\nXLSX.read alone (the floor): ${t.xlsxRead.toFixed(3)} ms per file\n`);
  } finally {
    if (generated) fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) void main();
