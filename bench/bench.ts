/**
 * `npm run bench [-- --files 10000] [--keep] [--corpus DIR]`: how much nianbao costs over
 * reading the workbooks themselves.
 *
 * One process generates a corpus of N submissions (bench/corpus.ts: the mix of samples/inbox,
 * each file its own agency) and measures, on the same files:
 * - floor: every file read with bare SheetJS `XLSX.read`, here, one after the other — with
 *   the options the pipeline reads with (dense, formulas, number formats, row limit), since
 *   that is the least it could do; a file SheetJS refuses costs what its refusal costs;
 * - the floor process: the same reads as a whole process (bench/floor-process.ts), spawned
 *   and timed as the runs are, start-up included: the first night's CPU and wall time are
 *   judged against it (issue 22: at most 2.5×), in pairs (--pairs, 5) of the floor process
 *   and a first night one after the other, the median pair kept;
 * - the same reads shared by 1 and by 2 worker threads: how much of a second core the
 *   machine gives right now (the --jobs 2 target means nothing on a busy machine). With the
 *   CPU time of the floor and of --jobs 1 it shows the ceiling for --jobs 2: one JavaScript
 *   thread already keeps more than one core busy, V8 collecting and compiling beside it;
 * - `nianbao run --jobs 1` (the pairs' nights) and `--jobs 2`, each into a fresh output folder;
 * - an unchanged rerun of the --jobs 2 folder.
 * Each run is the built CLI in a child process (dist/src/cli/main.js), timed from spawn to
 * exit, its peak RSS taken from getrusage (bench/rss-probe.ts, preloaded).
 *
 * It prints a table and writes bench/results.json: this run's figures, and under `byFiles`
 * the last figures for each corpus size, from which the targets are judged: the ratios at
 * 1,000 files, the rerun and the peak RSS at 10,000, time per file from 1,000 to 10,000.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { Command } from 'commander';
import { positiveInt } from '../src/cli/options';
import { corpusFiles, formatMix, generateCorpus, type CorpusFile } from './corpus';
import { deskBench } from './desk';
import { listFiles, READ_OPTIONS, readEvery } from './floor';

/** dist/bench/bench.js → the package root. */
const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'src', 'cli', 'main.js');
const PROBE = path.join(__dirname, 'rss-probe.js');
const RESULTS = path.join(ROOT, 'bench', 'results.json');
const FLOOR_PROCESS = path.join(__dirname, 'floor-process.js');

export interface Measure {
  ms: number;
  filesPerSecond: number;
  msPerFile: number;
  peakRssMb?: number;
  /** CPU time, user and system, of every thread of the run (less sensitive to the machine's load than ms). */
  cpuMs?: number;
  /** The run's own counts, from its summary. */
  counts?: Record<string, number>;
}

export interface SizeResult {
  files: number;
  date: string;
  mix: Record<string, number>;
  floor: Measure;
  /** The floor as a whole process (Node, SheetJS, the reads), from spawn to exit. */
  floorProcess: Measure;
  /**
   * The first night against the floor process: --jobs 1's CPU time and wall time over the
   * floor process's, the median of the pairs measured one after the other (each pair's too).
   */
  firstNight: { cpuRatio: number; wallRatio: number; pairs: Array<{ cpuRatio: number; wallRatio: number }> };
  /** The floor over 1 and 2 worker threads: how much parallelism the machine had to give during this bench. */
  floorThreads: { one: Measure; two: Measure; speedup: number };
  jobs1: Measure;
  jobs2: Measure;
  rerun: Measure;
  /** --jobs 1 and --jobs 2 wrote the same findings and the same cleaned reports. */
  sameOutputs: boolean;
}

/** The floor process and a first night, measured one after the other; `out`: the night's output folder. */
interface FirstNightPair {
  out: string;
  floorProcess: Measure;
  jobs1: Measure;
  cpuRatio: number;
  wallRatio: number;
}

interface Target {
  id: string;
  target: string;
  /** The corpus size the target is judged at, and whether that size was measured. */
  files: number | string;
  value: number | null;
  unit: string;
  pass: boolean | null;
}

const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

function measure(ms: number, files: number, extra: Partial<Measure> = {}): Measure {
  return { ms: Math.round(ms), filesPerSecond: round((files * 1000) / ms, 1), msPerFile: round(ms / files, 3), ...extra };
}

function floor(dir: string): { ms: number; cpuMs: number } {
  const started = performance.now();
  const cpu = process.cpuUsage();
  readEvery(dir);
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - started, cpuMs: Math.round((used.user + used.system) / 1000) };
}

/**
 * The floor again, the files shared between `threads` worker threads (startup included): what
 * this machine gives two threads at the moment. On a quiet 2-core machine it is near 2× the
 * one-thread figure; when other work holds a core it is not, and --jobs 2 can not be either.
 */
async function parallelFloor(dir: string, threads: number): Promise<number> {
  const files = listFiles(dir).map((name) => path.join(dir, name));
  const started = performance.now();
  await Promise.all(
    Array.from({ length: threads }, (_, i) => new Promise<void>((resolve, reject) => {
      const worker = new Worker(path.join(__dirname, 'floor-worker.js'), { workerData: { files: files.filter((_, j) => j % threads === i), options: READ_OPTIONS } });
      worker.once('message', () => void worker.terminate().then(() => resolve()));
      worker.once('error', reject);
    })),
  );
  return performance.now() - started;
}

interface ChildRun {
  ms: number;
  peakRssMb: number;
  cpuMs: number;
  code: number | null;
  stdout: string;
  stderrTail: string;
}

/** A Node script as a child process (`nianbao run`, the floor process): wall time from spawn to exit, its CPU time and peak RSS. */
function runNode(args: string[]): Promise<ChildRun> {
  const rssFile = path.join(os.tmpdir(), `nianbao-bench-rss-${process.pid}-${Date.now()}.json`);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['-r', PROBE, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NIANBAO_BENCH_RSS_FILE: rssFile },
    });
    let stdout = '';
    let stderrTail = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    // The run logs a line a file on stderr: keep only the end (the summary and any failure).
    child.stderr.on('data', (d: Buffer) => (stderrTail = (stderrTail + d.toString()).slice(-20_000)));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      let peakRssMb = NaN;
      let cpuMs = NaN;
      try {
        const usage = JSON.parse(fs.readFileSync(rssFile, 'utf8')) as { maxRssKb: number; cpuMs: number };
        peakRssMb = usage.maxRssKb / 1024;
        cpuMs = usage.cpuMs;
        fs.rmSync(rssFile, { force: true });
      } catch {
        // no probe file: the child died before exiting normally
      }
      resolve({ ms, peakRssMb: round(peakRssMb, 1), cpuMs: Math.round(cpuMs), code, stdout, stderrTail });
    });
  });
}

function latestCounts(out: string): Record<string, number> | undefined {
  try {
    const latest = JSON.parse(fs.readFileSync(path.join(out, 'runs', 'latest.json'), 'utf8')) as { summary: string };
    return (JSON.parse(fs.readFileSync(latest.summary, 'utf8')) as { counts: Record<string, number> }).counts;
  } catch {
    return undefined;
  }
}

async function nianbao(label: string, inbox: string, out: string, jobs: number, files: number): Promise<Measure> {
  const run = await runNode([CLI, 'run', '--inbox', inbox, '--out', out, '--jobs', String(jobs)]);
  if (run.code !== 0) throw new Error(`${label} exited with ${run.code}:\n${run.stderrTail.slice(-4000)}`);
  return measure(run.ms, files, { peakRssMb: run.peakRssMb, cpuMs: run.cpuMs, counts: latestCounts(out) });
}

/** Every cleaned report of an output folder, without its import time, by path. */
function cleanedContents(out: string): Map<string, string> {
  const dir = path.join(out, 'cleaned');
  const contents = new Map<string, string>();
  if (!fs.existsSync(dir)) return contents;
  for (const f of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    if (!f.endsWith('.json')) continue;
    const report = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as { source: { importedAt?: string } };
    delete report.source.importedAt;
    contents.set(f, JSON.stringify(report));
  }
  return contents;
}

function runFile(out: string, name: string): string {
  const latest = JSON.parse(fs.readFileSync(path.join(out, 'runs', 'latest.json'), 'utf8')) as { summary: string };
  return fs.readFileSync(path.join(path.dirname(latest.summary), name), 'utf8');
}

/** The --jobs 1 and --jobs 2 runs' findings and cleaned reports are the same. */
function sameOutputs(out1: string, out2: string): boolean {
  if (runFile(out1, 'discrepancies.jsonl') !== runFile(out2, 'discrepancies.jsonl')) return false;
  if (runFile(out1, 'discrepancies.csv') !== runFile(out2, 'discrepancies.csv')) return false;
  const a = cleanedContents(out1);
  const b = cleanedContents(out2);
  return a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);
}

/** The folder holds exactly the corpus of N files (by name): a kept corpus is reused, not written again. */
function holdsCorpus(dir: string, files: number): boolean {
  if (!fs.existsSync(dir)) return false;
  const want = corpusFiles(files).map((f) => f.name).sort();
  const have = fs.readdirSync(dir).sort();
  return want.length === have.length && want.every((name, i) => name === have[i]);
}

interface Results {
  latest: SizeResult;
  byFiles: Record<string, SizeResult>;
  targets: Target[];
  machine: { cpus: number; node: string; platform: string };
}

function judge(byFiles: Record<string, SizeResult>): Target[] {
  const at = (n: number) => byFiles[String(n)] as SizeResult | undefined;
  const small = at(1000);
  const large = at(10000);
  const targets: Target[] = [];
  const night = small?.firstNight;
  targets.push({ id: 'first-night-cpu', target: 'run --jobs 1 CPU ≤ 2.5 × a bare SheetJS process (issue 22)', files: 1000, value: night ? night.cpuRatio : null, unit: '×', pass: night ? night.cpuRatio <= 2.5 : null });
  targets.push({ id: 'first-night-wall', target: 'run --jobs 1 wall ≤ 2.5 × a bare SheetJS process (issue 22)', files: 1000, value: night ? night.wallRatio : null, unit: '×', pass: night ? night.wallRatio <= 2.5 : null });
  const ratio1 = small && small.jobs1.ms / small.floor.ms;
  targets.push({ id: 'jobs1-vs-floor', target: 'run --jobs 1 ≤ 1.2 × SheetJS floor', files: 1000, value: ratio1 ? round(ratio1) : null, unit: '×', pass: ratio1 ? ratio1 <= 1.2 : null });
  const speedup = small && small.jobs1.ms / small.jobs2.ms;
  targets.push({ id: 'jobs2-speedup', target: 'run --jobs 2 ≥ 1.7 × faster than --jobs 1', files: 1000, value: speedup ? round(speedup) : null, unit: '×', pass: speedup ? speedup >= 1.7 : null });
  targets.push({ id: 'rerun', target: 'unchanged rerun < 1000 ms (issue 11; also timed five times by --desk)', files: 10000, value: large ? large.rerun.ms : null, unit: 'ms', pass: large ? large.rerun.ms < 1000 : null });
  const rss = large && Math.max(large.jobs1.peakRssMb ?? 0, large.jobs2.peakRssMb ?? 0, large.rerun.peakRssMb ?? 0);
  targets.push({ id: 'peak-rss', target: 'peak RSS < 300 MB (every run)', files: 10000, value: rss ? round(rss, 1) : null, unit: 'MB', pass: rss ? rss < 300 : null });
  for (const jobs of ['jobs1', 'jobs2'] as const) {
    const growth = small && large && large[jobs].msPerFile / small[jobs].msPerFile - 1;
    targets.push({
      id: `scaling-${jobs}`,
      target: `time per file (--${jobs.replace('jobs', 'jobs ')}) within 10% from 1,000 to 10,000 files`,
      files: '1000→10000',
      value: growth !== undefined && growth !== null ? round(growth * 100, 1) : null,
      unit: '%',
      pass: growth !== undefined && growth !== null ? Math.abs(growth) <= 0.1 : null,
    });
  }
  targets.push({ id: 'same-outputs', target: '--jobs 1 and --jobs 2 write the same findings and cleaned reports', files: 'each', value: null, unit: '', pass: Object.values(byFiles).every((r) => r.sameOutputs) });
  return targets;
}

function printTable(r: SizeResult, targets: Target[]): void {
  const lines: string[] = [];
  const mix = Object.entries(r.mix).map(([k, v]) => `${k} ${v}`).join(', ');
  lines.push(`nianbao bench: ${r.files} files (${mix}); node ${process.version}, ${os.availableParallelism()} cores`);
  lines.push('');
  lines.push(`${'step'.padEnd(24)}${'ms'.padStart(9)}${'files/s'.padStart(10)}${'ms/file'.padStart(10)}${'peak RSS'.padStart(12)}${'CPU ms'.padStart(9)}`);
  const row = (name: string, m: Measure) =>
    lines.push(`${name.padEnd(24)}${String(m.ms).padStart(9)}${m.filesPerSecond.toFixed(1).padStart(10)}${m.msPerFile.toFixed(3).padStart(10)}${(m.peakRssMb ? `${m.peakRssMb.toFixed(1)} MB` : '—').padStart(12)}${String(m.cpuMs ?? '—').padStart(9)}`);
  row('SheetJS read (floor)', r.floor);
  row('  same, as a process', r.floorProcess);
  row('  same, 1 worker thread', r.floorThreads.one);
  row('  same, 2 worker threads', r.floorThreads.two);
  row('run --jobs 1', r.jobs1);
  row('run --jobs 2', r.jobs2);
  row('rerun, unchanged', r.rerun);
  lines.push('');
  lines.push(`load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}; SheetJS on 2 threads ran ${r.floorThreads.speedup}× as fast as on 1`);
  const cores = os.availableParallelism();
  const busy = (m: Measure) => (m.cpuMs ?? NaN) / m.ms;
  lines.push(
    `cores kept busy by one JavaScript thread (CPU ms / ms; V8's collector and compiler threads run beside it): ` +
      `SheetJS ${busy(r.floor).toFixed(2)}, run --jobs 1 ${busy(r.jobs1).toFixed(2)} of ${cores}; ` +
      `so --jobs 2 can be at most ${(cores / busy(r.jobs1)).toFixed(2)}× as fast as --jobs 1 here`,
  );
  lines.push(`first night (run --jobs 1) / bare SheetJS process, median of ${r.firstNight.pairs.length} pairs: CPU ${r.firstNight.cpuRatio}×, wall ${r.firstNight.wallRatio}× ` +
    `(${(r.jobs1.cpuMs! / r.files).toFixed(2)} vs ${(r.floorProcess.cpuMs! / r.files).toFixed(2)} CPU ms a file, ${r.jobs1.msPerFile.toFixed(2)} vs ${r.floorProcess.msPerFile.toFixed(2)} ms a file)`);
  lines.push(`  each pair (CPU, wall): ${r.firstNight.pairs.map((p) => `${p.cpuRatio}× ${p.wallRatio}×`).join('; ')}`);
  lines.push(`jobs1/floor ${(r.jobs1.ms / r.floor.ms).toFixed(2)}×, jobs1/jobs2 ${(r.jobs1.ms / r.jobs2.ms).toFixed(2)}×, outputs of --jobs 1 and 2 ${r.sameOutputs ? 'identical' : 'DIFFER'}`);
  lines.push('');
  lines.push('targets (from bench/results.json: ratios at 1,000 files, rerun and RSS at 10,000):');
  for (const t of targets) {
    const value = t.value === null ? '' : `${t.value}${t.unit === '×' ? '×' : ` ${t.unit}`}`;
    const verdict = t.pass === null ? 'not measured' : t.pass ? 'pass' : 'FAIL';
    lines.push(`  ${verdict.padEnd(13)}${t.target} [${t.files}]${value ? `: ${value}` : ''}`);
  }
  process.stdout.write(lines.join('\n') + '\n');
}

async function main(): Promise<void> {
  const opts = new Command()
    .name('bench')
    .description('benchmark nianbao run against bare SheetJS reads on a generated corpus')
    .option('--files <n>', 'submissions in the corpus', positiveInt('--files'), 1000)
    .option('--pairs <n>', 'times the floor process and a first night are measured, one after the other (the median pair is kept)', positiveInt('--pairs'), 5)
    .option('--keep', 'keep the corpus and the runs\' output folders (in a temporary folder, named at the end)')
    .option('--corpus <dir>', 'keep the corpus in this folder, and reuse it when it already holds it, instead of a temporary one')
    .option('--desk', 'instead: time the desk over a big store (bench/desk.ts)')
    .option('--agency-years <n>', 'with --desk: agency-years in the store', (v) => Number(v), 10000)
    .option('--store <dir>', 'with --desk: keep the store in this folder, and reuse it when it already holds it')
    .parse()
    .opts<{ files: number; pairs: number; keep?: boolean; corpus?: string; desk?: boolean; agencyYears: number; store?: string }>();
  if (opts.desk) return deskBench({ agencyYears: opts.agencyYears, store: opts.store });

  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-bench-'));
  const inbox = opts.corpus ? path.resolve(opts.corpus) : path.join(work, 'inbox');
  const keep = !!opts.keep;
  try {
    let corpus: CorpusFile[];
    if (opts.corpus && holdsCorpus(inbox, opts.files)) {
      corpus = corpusFiles(opts.files);
      process.stderr.write(`corpus: ${opts.files} files already in ${inbox}\n`);
    } else {
      fs.rmSync(inbox, { recursive: true, force: true });
      const t0 = performance.now();
      corpus = generateCorpus(inbox, opts.files, (done, total) => process.stderr.write(`\rgenerating corpus: ${done}/${total} files`));
      process.stderr.write(` (${((performance.now() - t0) / 1000).toFixed(1)} s) in ${inbox}\n`);
    }

    process.stderr.write('floor: XLSX.read of every file…\n');
    const floorRun = floor(inbox);
    process.stderr.write('floor over 1 and 2 threads…\n');
    const oneThread = await parallelFloor(inbox, 1);
    const twoThreads = await parallelFloor(inbox, 2);
    // The first night against the floor process, side by side: pairs taken one after the
    // other, so that a machine whose speed drifts (a shared host) drifts for both of a pair,
    // and the median pair's ratios kept.
    const pairs: FirstNightPair[] = [];
    for (let k = 1; k <= opts.pairs; k++) {
      process.stderr.write(`floor as a process, then nianbao run --jobs 1 (pair ${k} of ${opts.pairs})…\n`);
      const floorProcess = await runNode([FLOOR_PROCESS, inbox]);
      if (floorProcess.code !== 0) throw new Error(`the floor process exited with ${floorProcess.code}:\n${floorProcess.stderrTail.slice(-4000)}`);
      const out = path.join(work, `out-jobs1-${k}`);
      const run = await nianbao('run --jobs 1', inbox, out, 1, opts.files);
      const floorMeasure = measure(floorProcess.ms, opts.files, { peakRssMb: floorProcess.peakRssMb, cpuMs: floorProcess.cpuMs });
      pairs.push({ out, floorProcess: floorMeasure, jobs1: run, cpuRatio: round(run.cpuMs! / floorMeasure.cpuMs!), wallRatio: round(run.ms / floorMeasure.ms) });
    }
    const middle = [...pairs].sort((a, b) => a.wallRatio - b.wallRatio)[Math.floor(pairs.length / 2)];
    const medianCpu = [...pairs].sort((a, b) => a.cpuRatio - b.cpuRatio)[Math.floor(pairs.length / 2)].cpuRatio;
    const { floorProcess, jobs1, out: out1 } = middle;
    const out2 = path.join(work, 'out-jobs2');
    process.stderr.write('nianbao run --jobs 2…\n');
    const jobs2 = await nianbao('run --jobs 2', inbox, out2, 2, opts.files);
    const same = sameOutputs(out1, out2);
    process.stderr.write('nianbao run --jobs 2, unchanged…\n');
    const rerun = await nianbao('rerun', inbox, out2, 2, opts.files);

    const result: SizeResult = {
      files: opts.files,
      date: new Date().toISOString(),
      mix: formatMix(corpus),
      floor: measure(floorRun.ms, opts.files, { cpuMs: floorRun.cpuMs }),
      floorProcess,
      firstNight: { cpuRatio: medianCpu, wallRatio: middle.wallRatio, pairs: pairs.map(({ cpuRatio, wallRatio }) => ({ cpuRatio, wallRatio })) },
      floorThreads: { one: measure(oneThread, opts.files), two: measure(twoThreads, opts.files), speedup: round(oneThread / twoThreads) },
      jobs1,
      jobs2,
      rerun,
      sameOutputs: same,
    };
    let previous: Partial<Results> = {};
    try {
      previous = JSON.parse(fs.readFileSync(RESULTS, 'utf8')) as Results;
    } catch {
      // first run
    }
    const byFiles = { ...(previous.byFiles ?? {}), [String(opts.files)]: result };
    const targets = judge(byFiles);
    const results: Results = { latest: result, byFiles, targets, machine: { cpus: os.availableParallelism(), node: process.version, platform: `${os.platform()} ${os.arch()}` } };
    fs.mkdirSync(path.dirname(RESULTS), { recursive: true });
    fs.writeFileSync(RESULTS, JSON.stringify(results, null, 2) + '\n');
    printTable(result, targets);
    process.stdout.write(`\nwrote ${path.relative(process.cwd(), RESULTS) || RESULTS}${keep ? `; kept ${work}` : ''}\n`);
  } finally {
    if (!keep) fs.rmSync(work, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`bench failed: ${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  });
}
