import fs from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { ConfigSchema, DEFAULT_LIMITS, type Config } from '../config';
import type { ImportSettings } from '../pipeline/import';
import { BUNDLED_MAPPINGS, loadAgencies, loadAnomaly, loadMappings, SettingsError } from '../read/mappings';
import { isReportYear, REPORT_YEARS } from '../model/report';

/** Flags shared by the commands, turned once into a typed Config (zod) here and nowhere else. */

export class UsageError extends Error {
  readonly code = 'USAGE';
}

/** A commander argument parser for a flag that takes a positive whole number. */
export const positiveInt = (name: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${name} must be a positive whole number, got "${value}"`);
  return n;
};

export function outOption(cmd: Command): Command {
  return cmd.option('--out <dir>', 'output folder', 'out');
}

export function pipelineOptions(cmd: Command): Command {
  return outOption(cmd)
    .option('--mappings <dir>', 'folder of layout mappings and agencies.yaml', BUNDLED_MAPPINGS)
    .option('--lock-wait <seconds>', 'how long to wait for another command holding the output folder', positiveInt('--lock-wait'), 60)
    .addOption(new Option('--max-file-mb <mb>', 'largest file accepted').argParser(positiveInt('--max-file-mb')).default(DEFAULT_LIMITS.maxFileBytes / 1048576))
    .addOption(new Option('--max-inflated-mb <mb>', 'largest inflated workbook accepted (decompression-bomb guard)').argParser(positiveInt('--max-inflated-mb')).default(DEFAULT_LIMITS.maxInflatedBytes / 1048576))
    .addOption(new Option('--max-rows <n>', 'most rows read from one sheet').argParser(positiveInt('--max-rows')).default(DEFAULT_LIMITS.maxRows))
    .addOption(new Option('--max-line-chars <n>', 'longest CSV line (record) accepted, in characters').argParser(positiveInt('--max-line-chars')).default(DEFAULT_LIMITS.maxLineChars))
    .addOption(new Option('--timeout <seconds>', 'time one file may take to parse').argParser(positiveInt('--timeout')).default(DEFAULT_LIMITS.timeoutSeconds))
    .addOption(new Option('--worker-memory-mb <mb>', 'heap of one parsing worker').argParser(positiveInt('--worker-memory-mb')).default(DEFAULT_LIMITS.workerMemoryMb));
}

export function jobsOption(cmd: Command): Command {
  return cmd.option('--jobs <n>', 'parsing worker threads (default: the number of cores)', positiveInt('--jobs'));
}

export interface PipelineFlags {
  out: string;
  inbox?: string;
  mappings: string;
  lockWait: number;
  maxFileMb: number;
  maxInflatedMb: number;
  maxRows: number;
  maxLineChars: number;
  timeout: number;
  workerMemoryMb: number;
  jobs?: number;
  force?: boolean;
  mapping?: string;
  agency?: string;
  year?: number;
}

export function toConfig(flags: PipelineFlags): Config {
  if (flags.inbox !== undefined) checkFolders(flags.inbox, flags.out);
  return ConfigSchema.parse({
    inbox: flags.inbox,
    out: flags.out,
    mappingsDir: flags.mappings,
    force: flags.force ?? false,
    jobs: flags.jobs,
    lockWaitSeconds: flags.lockWait,
    limits: {
      maxFileBytes: flags.maxFileMb * 1048576,
      maxInflatedBytes: flags.maxInflatedMb * 1048576,
      maxRows: flags.maxRows,
      maxLineChars: flags.maxLineChars,
      timeoutSeconds: flags.timeout,
      workerMemoryMb: flags.workerMemoryMb,
    },
  });
}

/** Loads and checks the mappings once; an invalid mapping stops the command before any file is read. */
export function toSettings(config: Config, flags: Pick<PipelineFlags, 'mapping' | 'agency' | 'year'>): ImportSettings {
  const { mappings, invalid } = loadMappings(config.mappingsDir);
  if (invalid.length > 0) throw new UsageError(`invalid mapping ${invalid[0].file}: ${invalid[0].problems.join('; ')} (run \`nianbao mappings check\`)`);
  if (flags.mapping && !mappings.some((m) => m.name === flags.mapping)) {
    throw new UsageError(`unknown mapping "${flags.mapping}"; known: ${mappings.map((m) => m.name).join(', ')}`);
  }
  // NIANBAO_FAULT_RULE: fault injection for the tests of INTERNAL.error (read here, at the edge, like every setting).
  const faultRule = process.env.NIANBAO_FAULT_RULE || undefined;
  let anomaly;
  try {
    anomaly = loadAnomaly(config.mappingsDir);
  } catch (e) {
    if (e instanceof SettingsError) throw new UsageError(`${e.message} (run \`nianbao mappings check\`)`);
    throw e;
  }
  return { mappings, agencies: loadAgencies(config.mappingsDir), anomaly, limits: config.limits, mapping: flags.mapping, agency: flags.agency, year: flags.year, faultRule };
}

export const yearArg = (value: string): number => {
  const n = Number(value);
  if (!isReportYear(n)) throw new UsageError(`--year must be a year from ${REPORT_YEARS.first} to ${REPORT_YEARS.last}, such as 2021, got "${value}"`);
  return n;
};

/**
 * The output folder and the inbox must not hold one another: an output folder inside the
 * inbox makes every run import the last one's outputs, and an inbox inside the output folder
 * would have its files swept as a killed run's leftovers (the inbox is never modified).
 * Compared after symbolic links are resolved, for the parts that exist.
 */
export function checkFolders(inbox: string, out: string): void {
  const i = realPath(inbox);
  const o = realPath(out);
  const within = (inner: string, outer: string) => inner === outer || inner.startsWith(outer.endsWith(path.sep) ? outer : outer + path.sep);
  if (within(o, i)) throw new UsageError(`--out ${out} is inside --inbox ${inbox}: each run would import its own outputs; choose an output folder outside the inbox`);
  if (within(i, o)) throw new UsageError(`--inbox ${inbox} is inside --out ${out}: the output folder is swept of temporary files, which could touch submissions; choose folders apart`);
}

/** An absolute path with symbolic links resolved as far as it exists. */
function realPath(target: string): string {
  const absolute = path.resolve(target);
  const missing: string[] = [];
  for (let existing = absolute; ; existing = path.dirname(existing)) {
    try {
      return path.join(fs.realpathSync(existing), ...missing);
    } catch {
      if (existing === path.dirname(existing)) return absolute;
      missing.unshift(path.basename(existing));
    }
  }
}
