import fs from 'node:fs';
import path from 'node:path';
import type Piscina from 'piscina';
import type { Limits } from '../config';
import type { ImportSettings } from './import';
import type { ParsedFile, ParseTask, WorkerData } from './worker';

/** The compiled worker: under ts-jest this file runs from src/, the worker from dist/. */
function workerFile(): string {
  const beside = path.join(__dirname, 'worker.js');
  return fs.existsSync(beside) ? beside : path.resolve(__dirname, '..', '..', 'dist', 'src', 'pipeline', 'worker.js');
}

/** One file to parse: its bytes when the run has read them (copied to the thread, kept here in case it must be parsed again), else its path. */
export interface ParseRequest {
  filePath: string;
  file: string;
  sha256: string;
  importedAt: string;
  bytes?: Buffer;
}

/**
 * N parsing threads, each with a heap limit; a file that runs past the time limit is
 * aborted (its thread is ended) and rejected with PARSE.timeout.
 *
 * Each thread holds a few files at once and parses them one after another (worker.ts), so it
 * never waits for the run's thread, busy recording, to hand it the next. The time limit
 * runs from when the thread starts on a file (it stamps `started`), not from when the file
 * was queued, and is kept here: a file given to piscina with an abort signal would be the
 * only one its thread holds. A file whose thread ended because of another file (one that ran
 * out of time or memory) before it started on it is parsed again on a new thread.
 *
 * The threads start with the first file to parse, so a run with nothing to parse starts none.
 * The settings (every mapping) go to each thread once, when it starts, not with every file.
 */
export class ParserPool {
  private pool: Piscina | undefined;
  /** The files handed to the threads and not yet back, for the watch on the time limit. */
  private readonly inFlight = new Set<InFlight>();
  private watch: NodeJS.Timeout | undefined;
  private closing = false;
  constructor(private readonly jobs: number, private readonly limits: Limits, private readonly settings: ImportSettings) {}

  private threads(): Piscina {
    const workerData: WorkerData = { settings: this.settings };
    // Loaded with the first file to parse: an unchanged night never needs it.
    const { Piscina } = require('piscina') as typeof import('piscina');
    this.pool ??= new Piscina({
      filename: workerFile(),
      minThreads: this.jobs,
      maxThreads: this.jobs,
      concurrentTasksPerWorker: FILES_PER_THREAD,
      idleTimeout: 60_000,
      recordTiming: false,
      workerData,
      // The young generation: V8 takes a third of it for a semi-space, rounded up to a power
      // of two. SheetJS leaves some 800 KB of garbage a file, and a collection costs about the
      // same however little of it lives: over 1,000 files one thread collected 186 times
      // (0.35 s of pauses) with 16 MB, 101 times (0.18 s) with 32, and the night took 0.2–0.45 s
      // less CPU and 0.15–0.2 s less time (two A/Bs of five runs each). 10,000 files peak
      // at 289 MB with it, 281 MB with 16. Two threads of 16 MB each peaked at 338–354 MB, of
      // 8 at 313 MB: beside another thread each takes 8.
      resourceLimits: { maxOldGenerationSizeMb: this.limits.workerMemoryMb, maxYoungGenerationSizeMb: this.jobs === 1 ? YOUNG_GENERATION_MB.alone : YOUNG_GENERATION_MB.beside },
    });
    this.watch ??= setInterval(() => this.abortOverdue(), WATCH_MS).unref();
    return this.pool;
  }

  /** Ends the thread of every file it has been on for longer than the time limit. */
  private abortOverdue(): void {
    const now = Date.now();
    for (const file of this.inFlight) {
      const started = Number(Atomics.load(file.started, STARTED_AT));
      if (file.overdue || started === 0 || now - started <= this.limits.timeoutSeconds * 1000) continue;
      file.overdue = true;
      const threadId = Number(Atomics.load(file.started, THREAD));
      void this.pool?.threads.find((thread) => thread.threadId === threadId)?.terminate();
    }
  }

  async parse(request: ParseRequest): Promise<ParsedFile> {
    for (let attempt = 1; ; attempt++) {
      const file: InFlight = { started: new BigInt64Array(new SharedArrayBuffer(16)), overdue: false };
      const task: ParseTask = { ...request, started: file.started };
      this.inFlight.add(file);
      try {
        return (await this.threads().run(task)) as ParsedFile;
      } catch (e) {
        const error = e as Error & { code?: string };
        // Its thread ended, for another file, before it started on this one. (Not once the
        // pool is closing: a run that stops for damage to the database leaves files in flight.)
        if (!file.overdue && Atomics.load(file.started, STARTED_AT) === 0n && !this.closing && attempt < MAX_ATTEMPTS) continue;
        // Loaded only here: the main thread otherwise never needs the parsing code (SheetJS and all).
        const { failed, fileProblem, rejected } = await import('./import');
        if (file.overdue) return rejected(task.file, task.sha256, fileProblem('PARSE.timeout', { cause: 'timeout', seconds: this.limits.timeoutSeconds }));
        if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') return rejected(task.file, task.sha256, fileProblem('PARSE.too-large', { cause: 'memory', reason: `解析时内存超过 ${this.limits.workerMemoryMb} MB` }));
        // Anything else that ends a worker is a fault of nianbao's, not of the file.
        return failed(task.file, task.sha256, 'worker', error);
      } finally {
        this.inFlight.delete(file);
      }
    }
  }

  close(): Promise<void> {
    this.closing = true;
    clearInterval(this.watch);
    return this.pool?.destroy() ?? Promise.resolve();
  }
}

/** A file handed to a thread: when (ms since the epoch) and on which thread it started, as the thread stamps them; whether it ran out of time. */
interface InFlight {
  started: BigInt64Array;
  overdue: boolean;
}
const STARTED_AT = 0;
const THREAD = 1;

/** Files a thread holds at once: the one it parses and the next ones, ready when it is (the run evaluates as many ahead for each). */
export const FILES_PER_THREAD = 8;
/** Times a file is handed to a thread before its failures are taken as nianbao's (INTERNAL.error): each retry follows the end of a thread for another file. */
const MAX_ATTEMPTS = 8;
/** Each parsing thread's young generation, in MB: a thread alone, or beside others. */
const YOUNG_GENERATION_MB = { alone: 32, beside: 8 };
/** How often the time limit is checked. */
const WATCH_MS = 250;
