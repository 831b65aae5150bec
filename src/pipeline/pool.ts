import fs from 'node:fs';
import path from 'node:path';
import Piscina from 'piscina';
import type { Limits } from '../config';
import { fileProblem, rejected, type ImportOutcome } from './import';
import type { ParseTask } from './worker';

/** The compiled worker: under ts-jest this file runs from src/, the worker from dist/. */
function workerFile(): string {
  const beside = path.join(__dirname, 'worker.js');
  return fs.existsSync(beside) ? beside : path.resolve(__dirname, '..', '..', 'dist', 'src', 'pipeline', 'worker.js');
}

/**
 * N parsing threads, each with a heap limit; a task that runs past the time limit is
 * aborted (its thread is ended) and the file is rejected with PARSE.timeout.
 */
export class ParserPool {
  private readonly pool: Piscina;
  constructor(jobs: number, private readonly limits: Limits) {
    this.pool = new Piscina({
      filename: workerFile(),
      minThreads: jobs,
      maxThreads: jobs,
      idleTimeout: 60_000,
      resourceLimits: { maxOldGenerationSizeMb: limits.workerMemoryMb },
    });
  }

  async parse(task: ParseTask, sha256: string): Promise<ImportOutcome> {
    try {
      return (await this.pool.run(task, { signal: AbortSignal.timeout(this.limits.timeoutSeconds * 1000) })) as ImportOutcome;
    } catch (e) {
      const error = e as Error & { code?: string };
      const timedOut = error.name === 'AbortError' || error.name === 'TimeoutError';
      const outOfMemory = error.code === 'ERR_WORKER_OUT_OF_MEMORY';
      const rule = timedOut ? 'PARSE.timeout' : outOfMemory ? 'PARSE.too-large' : 'PARSE.unreadable';
      const reason = outOfMemory ? `解析时内存超过 ${this.limits.workerMemoryMb} MB` : `解析程序出错（${error.message}）`;
      return rejected(task.file, sha256, fileProblem(rule, { seconds: this.limits.timeoutSeconds, reason }));
    }
  }

  close(): Promise<void> {
    return this.pool.destroy();
  }
}
