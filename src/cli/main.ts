#!/usr/bin/env node
import v8 from 'node:v8';
import { Command } from 'commander';
import { LockBusyError } from '../store';
import { UsageError } from './options';
import { EXIT } from './shared';
/** Each command's file, loaded only when asked for (a command loads what it needs, not what the others need). */
const COMMANDS: Record<string, () => Promise<{ register: (program: Command) => void }>> = {
  run: () => import('./run'),
  import: () => import('./import'),
  schedule: () => import('./schedule'),
  review: () => import('./review'),
  mappings: () => import('./mappings'),
  rules: () => import('./rules'),
  serve: () => import('./serve'),
  decide: () => import('./decide'),
  status: () => import('./status'),
  feedback: () => import('./feedback'),
  compile: () => import('./compile'),
  export: () => import('./export'),
};

/**
 * After a full collection each heap (this thread's and every worker's) may grow to 1.3× what
 * is live, where V8 by default lets a heap with a large limit grow up to 4×: a run's heaps
 * are mostly garbage between files. With the workers' smaller young generation
 * (pipeline/pool.ts), peak RSS at 10,000 files went from 340–361 MB to 284–287 MB over three
 * runs each, at the same speed; over 1,000 files a run is about 5% slower (more collections
 * while the code warms up). V8 reads this flag at every collection, so setting it here,
 * before any worker starts, takes effect.
 */
v8.setFlagsFromString('--heap-growing-percent=30');

/**
 * On Node 20 (V8 11), a function is optimised once it has run four times as much as V8's
 * default asks (its interrupt budget, 132 KB of bytecode executed, here 512 KB). A run is a
 * short process over a lot of code (SheetJS, the pipeline's stages, the store): by default
 * V8's compiler threads optimised what was only warm, and optimised the stages again each
 * time a new layout's objects reached them, 3.7 s of CPU for a first night of 1,000 files
 * where the floor process spends 1.2 s. With this budget the night costs about 2 s less CPU
 * and 0.9 s less time; what is hot over 10,000 files is optimised all the same. Set before
 * the parsing threads start, it holds for them too. Node 24's V8 (13) tiers up by calls, has
 * no such flag, and was no faster with fewer calls' worth of optimising: left as it is.
 */
if (Number(process.versions.v8.split('.')[0]) <= 11) v8.setFlagsFromString('--interrupt-budget=524288');

/**
 * libuv's threads, read by libuv when it first uses them (so set before anything does): a
 * run's fsyncs go there a batch at a time (store/atomic.ts, Unsynced.sync, at most six at
 * once), and the inbox's reads must not queue behind them. Four, the default, left the
 * parsing thread waiting for its next file while a batch was being made durable.
 */
process.env.UV_THREADPOOL_SIZE ??= '8';

/**
 * A write past a file-size limit (RLIMIT_FSIZE, systemd's LimitFSIZE=) is a failed write,
 * reported with the file it concerns, not the end of the process: Node ignores SIGXFSZ, but
 * signal-exit (under proper-lockfile) listens for it and re-raises it with the default action
 * when it is the only listener. This one keeps it ignored.
 */
process.on('SIGXFSZ', () => undefined);

const program = new Command('nianbao')
  .description('Imports, reconciles and cleans the departments\' 政府信息公开工作年度报告 tables')
  .showHelpAfterError()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) });

/**
 * One file per command; each registers itself. Only the command asked for is loaded (the
 * unchanged night spent a quarter of a second loading the other commands' modules); help
 * and an unknown command load them all.
 */
async function main(): Promise<void> {
  const asked = process.argv[2];
  const loaders = asked && asked in COMMANDS ? [COMMANDS[asked]] : Object.values(COMMANDS);
  for (const module of await Promise.all(loaders.map((load) => load()))) module.register(program);
  await program.parseAsync(process.argv);
}

main().catch((e: Error) => {
  if (e instanceof UsageError || e instanceof LockBusyError) process.stderr.write(`nianbao: ${e.message}\n`);
  // One line, for cron's mail and the operator; a run's failure is also logged with its stack (out/logs/).
  else process.stderr.write(`nianbao: failed: ${e.message.split('\n')[0]}\n`);
  process.exitCode = EXIT.failure;
});
