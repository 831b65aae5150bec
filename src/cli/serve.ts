/**
 * `nianbao serve [--out DIR] [--port 8080] [--host 127.0.0.1] [--token T] [--public-host NAME]`:
 * the operators' desk over the store. Loopback only unless a token is given (flag or
 * NIANBAO_TOKEN); its re-import button runs `import`'s pipeline, under the same lock.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Command } from 'commander';
import { createLogger } from '../log';
import { isOpen } from '../model/finding';
import { runPipeline } from '../pipeline/run';
import { loadAgencies } from '../read/mappings';
import { Store } from '../store';
import { openExistingStore } from './shared';
import type { SubmissionRecord } from '../store/types';
import type { ReimportResult } from '../views/desk/app';
import { isLoopback, isWildcard } from '../views/desk/security';
import { pipelineOptions, toConfig, toSettings, UsageError, type PipelineFlags } from './options';

interface ServeFlags extends PipelineFlags {
  port: number;
  host: string;
  token?: string;
  publicHost: string[];
}

const port = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`--port must be 0–65535, got "${value}"`);
  return n;
};

/** The token from the flag or NIANBAO_TOKEN; a host other than loopback needs one. */
/** NAME or NAME:PORT, as a browser writes it in Host (an IPv6 literal in brackets). */
const publicHost = (value: string, previous: string[]): string[] => {
  if (!/^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/i.test(value)) throw new UsageError(`--public-host must be NAME or NAME:PORT, got "${value}"`);
  return [...previous, value];
};

export function accessToken(host: string, flag: string | undefined, env: string | undefined): string | undefined {
  const token = flag ?? (env || undefined);
  if (token !== undefined && token.length < 16) throw new UsageError('--token must be at least 16 characters');
  if (!isLoopback(host) && !token) throw new UsageError(`refusing to serve on ${host} without --token (or NIANBAO_TOKEN): anyone who can reach it could read and decide`);
  return token;
}

export function register(program: Command): void {
  pipelineOptions(program.command('serve').description("the operators' review site over the store (loopback unless a token is set)"))
    .option('--port <n>', 'port to listen on', port, 8080)
    .option('--host <host>', 'address to bind (other than loopback needs --token)', '127.0.0.1')
    .option('--token <token>', 'required on every request (a login link sets it as a cookie); default: NIANBAO_TOKEN')
    .option('--public-host <name>', "a name operators reach the desk by besides this machine's own names and addresses (repeatable; NAME[:PORT])", publicHost, [])
    .option('--inbox <dir>', 'where the submissions are, for the re-import button', 'samples/inbox')
    .action(async (flags: ServeFlags) => {
      const token = accessToken(flags.host, flags.token, process.env.NIANBAO_TOKEN);
      const config = toConfig({ ...flags, jobs: 1 });
      const log = createLogger({ logDir: Store.logDir(config.out) });
      const store = openExistingStore(config.out);
      const agencies = loadAgencies(config.mappingsDir);

      /** The current file, from the inbox (or the path `import` was given), through import's pipeline and lock. */
      const reimport = async (submission: SubmissionRecord): Promise<ReimportResult> => {
        const file = path.resolve(flags.inbox ?? 'samples/inbox', submission.file);
        const source = fs.existsSync(file) ? file : path.isAbsolute(submission.file) && fs.existsSync(submission.file) ? submission.file : null;
        if (!source) throw new Error(`“${submission.file}”已不在收件箱中`);
        const summary = await runPipeline({ config, settings: toSettings(config, {}), command: 'import', files: [source], logger: log });
        // The file's lines of the run (one per report of a workbook of several): one not recorded says why, as the run's summary does.
        const unrecorded = summary.files.find((f) => f.status === 'skipped' || f.status === 'failed');
        if (unrecorded) throw new Error(unrecorded.status === 'failed' ? 'nianbao 处理该文件时出错（INTERNAL.error，详情见日志），下次运行重试' : `${unrecorded.reason}（${unrecorded.rule}${unrecorded.detail ? `，${unrecorded.detail}` : ''}）`);
        const [first] = summary.files;
        log.info({ file: source, status: first.status }, 're-imported from the desk');
        if (first.status === 'rejected') return { status: 'rejected', agency: first.agency, year: first.year };
        // As `import` says it: only open errors make it 有错误.
        const open = first.agency !== null && first.year !== null && store.findings({ agency: first.agency, year: first.year }).some((f) => f.severity === 'error' && isOpen(f));
        return { status: open ? 'discrepancies' : 'clean', agency: first.agency, year: first.year };
      };

      let bound = flags.port;
      // Loaded when the command runs, so the other commands do not load hono and the desk.
      const [{ serve }, { createDesk }] = await Promise.all([import('@hono/node-server'), import('../views/desk/app')]);
      const app = createDesk({ store, agencies, host: flags.host, port: () => bound, publicHosts: flags.publicHost, token, formToken: crypto.randomBytes(32).toString('hex'), reimport });
      const server = serve({ fetch: app.fetch, hostname: flags.host, port: flags.port }, (info: AddressInfo) => {
        bound = info.port;
        // Bound to every address, the link names the machine as others reach it.
        const name = flags.publicHost[0]?.replace(/:\d+$/, '') ?? (isWildcard(flags.host) ? os.hostname() : flags.host);
        const base = `http://${name.includes(':') && !name.startsWith('[') ? `[${name}]` : name}:${info.port}`;
        process.stdout.write(`nianbao desk: ${base}/\n${token ? `login: ${base}/login?token=${encodeURIComponent(token)}\n` : ''}`);
        log.info({ host: flags.host, port: info.port, token: token ? 'set' : 'none' }, 'desk listening');
      });
      await new Promise<void>((resolve) => {
        const stop = () => server.close(() => resolve());
        process.once('SIGTERM', stop);
        process.once('SIGINT', stop);
      });
      store.close();
    });
}
