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

/** One file to parse: its bytes when the run has read them (they move to the worker, not copied), else its path. */
export interface ParseRequest {
  filePath: string;
  file: string;
  sha256: string;
  importedAt: string;
  bytes?: Buffer;
}

/**
 * N parsing threads, each with a heap limit; a task that runs past the time limit is
 * aborted (its thread is ended) and the file is rejected with PARSE.timeout.
 *
 * The threads start with the first file to parse, so a run with nothing to parse starts none.
 * The settings (every mapping) go to each thread once, when it starts, not with every file.
 */
export class ParserPool {
  private pool: Piscina | undefined;
  constructor(private readonly jobs: number, private readonly limits: Limits, private readonly settings: ImportSettings) {}

  private threads(): Piscina {
    const workerData: WorkerData = { settings: this.settings };
    // Loaded with the first file to parse: an unchanged night never needs it.
    const { Piscina } = require('piscina') as typeof import('piscina');
    this.pool ??= new Piscina({
      filename: workerFile(),
      minThreads: this.jobs,
      maxThreads: this.jobs,
      idleTimeout: 60_000,
      recordTiming: false,
      workerData,
      // 8 MB of young generation: a file's garbage dies there just as well, and each thread's
      // heap stays smaller (see the heap growth set in cli/main.ts).
      resourceLimits: { maxOldGenerationSizeMb: this.limits.workerMemoryMb, maxYoungGenerationSizeMb: 8 },
    });
    return this.pool;
  }

  async parse(request: ParseRequest): Promise<ParsedFile> {
    const { bytes, ...rest } = request;
    const task: ParseTask = { ...rest, ...(bytes ? { bytes: movable(bytes) } : {}) };
    try {
      const transferList = task.bytes ? [task.bytes.buffer as ArrayBuffer] : undefined;
      return (await this.threads().run(task, { signal: AbortSignal.timeout(this.limits.timeoutSeconds * 1000), transferList })) as ParsedFile;
    } catch (e) {
      const error = e as Error & { code?: string };
      const timedOut = error.name === 'AbortError' || error.name === 'TimeoutError';
      const outOfMemory = error.code === 'ERR_WORKER_OUT_OF_MEMORY';
      // Loaded only here: the main thread otherwise never needs the parsing code (SheetJS and all).
      const { failed, fileProblem, rejected } = await import('./import');
      if (timedOut) return rejected(task.file, task.sha256, fileProblem('PARSE.timeout', { cause: 'timeout', seconds: this.limits.timeoutSeconds }));
      if (outOfMemory) return rejected(task.file, task.sha256, fileProblem('PARSE.too-large', { cause: 'memory', reason: `解析时内存超过 ${this.limits.workerMemoryMb} MB` }));
      // Anything else that ends a worker is a fault of nianbao's, not of the file.
      return failed(task.file, task.sha256, 'worker', error);
    }
  }

  close(): Promise<void> {
    return this.pool?.destroy() ?? Promise.resolve();
  }
}

/** The bytes in an ArrayBuffer of their own, so it can be moved to the worker (a pooled Buffer shares one). */
function movable(bytes: Buffer): Uint8Array {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength) return bytes;
  return new Uint8Array(bytes);
}
