/**
 * End-to-end helpers: the built CLI run as a real child process, over real files in temp
 * folders. The CLI is dist/src/cli/main.js: `npm test` builds it first (pretest); with
 * `npx jest test/<file>`, run `npx tsc -p .` before.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { buildWorkbook, SEED, type Submission } from '../../scripts/layouts';
import type { RunSummary } from '../../src/pipeline/summary';
import { Store } from '../../src/store';

export const ROOT = path.resolve(__dirname, '..', '..');
export const CLI = path.join(ROOT, 'dist', 'src', 'cli', 'main.js');
export const SEED_AGENCY = '枣庄市市中区综合行政执法局';

if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: build first with \`npx tsc -p .\``);

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** A CLI child process whose output is collected as it comes. */
export interface CliProcess {
  child: ChildProcess;
  readonly stdout: string;
  readonly stderr: string;
  /** Resolves when the process has exited. */
  done: Promise<CliResult>;
}

export interface CliOptions {
  cwd?: string;
  /** Variables added to the environment (NIANBAO_FAULT_RULE, NIANBAO_TOKEN). */
  env?: Record<string, string>;
  /** A command the CLI runs under (`setpriv …`, `bash -c 'ulimit …; exec "$0" "$@"'`): node and its arguments follow it. */
  wrap?: string[];
}

export function spawnCli(args: string[], options: CliOptions = {}): CliProcess {
  const started = Date.now();
  const [command, ...argv] = [...(options.wrap ?? []), process.execPath, CLI, ...args];
  const child = spawn(command, argv, { cwd: options.cwd ?? ROOT, env: { ...process.env, NO_COLOR: '1', ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr!.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr, ms: Date.now() - started }));
  });
  return {
    child,
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    done,
  };
}

/** Runs the CLI to its end. */
export const runCli = (args: string[], options: CliOptions = {}): Promise<CliResult> => spawnCli(args, options).done;

/**
 * The CLI under a file-size limit (`ulimit -f`, in KiB), SIGXFSZ ignored: a write past it is
 * really cut short, as on a filling disk.
 */
export const spawnUnderFileLimit = (kib: number, args: string[]): CliProcess =>
  spawnCli(args, { wrap: ['bash', '-c', `trap "" XFSZ; ulimit -f ${kib}; exec "$0" "$@"`] });

export const runUnderFileLimit = (kib: number, args: string[]): Promise<CliResult> => spawnUnderFileLimit(kib, args).done;

/** The pino JSON lines of a process's stderr (other lines, such as the one-line failure, are left out). */
export function logLines(stderr: string): Array<Record<string, unknown>> {
  return stderr
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** A fresh temp folder for one test file, removed after it. */
export function tempDir(prefix = 'nianbao-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** The seed report filed by another agency: same layout and figures, another title. */
export function seedAs(agency: string): Submission {
  return { ...SEED, title: `${agency}2021年政府信息公开工作年度报告` };
}

export function workbookBytes(submission: Submission, filler?: XLSX.WorkSheet): Buffer {
  const wb = buildWorkbook(submission);
  if (filler) XLSX.utils.book_append_sheet(wb, filler, '附表');
  return XLSX.write(wb, { bookType: 'xlsx', type: 'buffer' }) as Buffer;
}

/**
 * `count` reports of distinct agencies (dept-01.xlsx …), each with a sheet of numbers beside
 * the tables so that it takes a few tens of ms to parse: a run over them lasts long enough to
 * be interrupted mid-way.
 */
export function slowWorkbooks(count: number): Record<string, Buffer> {
  const filler = XLSX.utils.aoa_to_sheet(Array.from({ length: 1500 }, (_, r) => Array.from({ length: 12 }, (_, c) => r * 12 + c)));
  const files: Record<string, Buffer> = {};
  for (let i = 1; i <= count; i++) files[`dept-${String(i).padStart(2, '0')}.xlsx`] = workbookBytes(seedAs(`枣庄市市中区第${i}测试局`), filler);
  return files;
}

/** Writes a file whole or not at all, as an upload should land: a temp file beside the inbox, then a rename into it. */
export function dropFile(file: string, bytes: Buffer | string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temp = path.join(path.dirname(path.dirname(file)), `.drop-${process.pid}-${crypto.randomUUID()}`);
  fs.writeFileSync(temp, bytes);
  fs.renameSync(temp, file);
}

/** An inbox of the given files (name → a submission to write as .xlsx, or raw bytes). */
export function makeInbox(dir: string, files: Record<string, Submission | Buffer | string>): string {
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) {
    fs.writeFileSync(path.join(dir, name), typeof content === 'string' || Buffer.isBuffer(content) ? content : workbookBytes(content));
  }
  return dir;
}

/** Every regular file under a folder, relative, sorted. */
export function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

/** name → sha256 of every file under a folder: equal snapshots mean the same files with the same bytes. */
export function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(listFiles(dir).map((f) => [f, crypto.createHash('sha256').update(fs.readFileSync(path.join(dir, f))).digest('hex')]));
}

export const readJson = <T = any>(file: string): T => JSON.parse(fs.readFileSync(file, 'utf8')) as T;

export function latestRunId(out: string): string {
  return readJson<{ runId: string }>(path.join(out, 'runs', 'latest.json')).runId;
}

export function runSummary(out: string, runId = latestRunId(out)): RunSummary {
  return readJson<RunSummary>(path.join(out, 'runs', runId, 'summary.json'));
}

/** file → status in a run's summary. */
export function statuses(summary: RunSummary): Record<string, string> {
  return Object.fromEntries(summary.files.map((f) => [f.file, f.status]));
}

/** The runs of an output folder that finished (each has its summary.json), oldest first. */
export function finishedRuns(out: string): string[] {
  const runs = path.join(out, 'runs');
  if (!fs.existsSync(runs)) return [];
  return fs
    .readdirSync(runs)
    .filter((name) => fs.existsSync(path.join(runs, name, 'summary.json')))
    .sort();
}

/** Polls until `probe` returns a value other than undefined/false, or fails after the deadline saying what it waited for. */
export async function waitFor<T>(what: string, probe: () => T | undefined | false, options: { timeoutMs?: number; intervalMs?: number } = {}): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 50));
  }
}

/**
 * What a run leaves behind after a crash, if recovery missed it: a partial run folder or a
 * write-file-atomic temporary file (`<name>.<digits>`).
 */
export function leftovers(out: string): string[] {
  const partial = fs.existsSync(path.join(out, 'runs')) ? fs.readdirSync(path.join(out, 'runs')).filter((n) => n.endsWith('.partial')) : [];
  return [...partial.map((n) => `runs/${n}`), ...listFiles(out).filter((f) => /\.\d+$/.test(f))];
}

/** Parses every .json under a folder (throws naming the file that does not parse); returns how many. */
export function parseAllJson(dir: string): number {
  const files = listFiles(dir).filter((f) => f.endsWith('.json'));
  for (const f of files) {
    try {
      JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
    } catch (e) {
      throw new Error(`${f} does not parse: ${(e as Error).message}`);
    }
  }
  return files.length;
}

/**
 * A separate node process holding the output folder's lock through the real lockOutput (of
 * dist/), until it is killed. Resolves once the lock is held.
 */
export async function holdLock(out: string): Promise<ChildProcess> {
  const lockModule = path.join(ROOT, 'dist', 'src', 'store', 'lock.js');
  const script = `require(${JSON.stringify(lockModule)}).lockOutput(${JSON.stringify(out)}, 'holder', 0).then(() => { console.log('locked'); setInterval(() => {}, 1 << 30); });`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`lock holder exited with ${code}`)));
    child.stdout!.setEncoding('utf8').on('data', (s: string) => s.includes('locked') && resolve());
  });
  child.removeAllListeners('exit');
  return child;
}

/** Sends a signal and waits for the process to end. */
export function kill(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const ended = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  return ended;
}

/** The store of an output folder, opened for a test's look and closed again. */
export function withStore<T>(out: string, look: (store: Store) => T): T {
  const store = Store.open(out);
  try {
    return look(store);
  } finally {
    store.close();
  }
}

/** The inbox paths the ledger holds. */
export const ledgerPaths = (out: string): string[] => withStore(out, (store) => [...store.ledger().keys()].sort());
