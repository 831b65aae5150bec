import fs from 'node:fs';
import path from 'node:path';
import { CORE_SCHEMA, load } from 'js-yaml';
import { MappingSchema, type Mapping } from '../model/mapping';
import { AgenciesSchema, NO_AGENCIES, type Agencies } from '../model/agencies';
import { AnomalySchema, DEFAULT_ANOMALY, type AnomalySettings } from '../model/anomaly';

/** The folder of mappings shipped with nianbao, beside package.json (this file runs from src/ or dist/src/). */
function packageRoot(dir: string): string {
  return fs.existsSync(path.join(dir, 'package.json')) || path.dirname(dir) === dir ? dir : packageRoot(path.dirname(dir));
}
export const BUNDLED_MAPPINGS = path.join(packageRoot(__dirname), 'mappings');

export interface MappingProblem {
  file: string;
  problems: string[];
}

export interface LoadedMappings {
  mappings: Mapping[];
  invalid: MappingProblem[];
}

/**
 * YAML 1.2's core schema: what mappings and agencies.yaml write is strings, numbers, lists and
 * maps (no dates made of 2023-01-31). js-yaml rather than yaml: an agencies.yaml of 2,000
 * agencies took yaml 0.27 s to parse, js-yaml 0.03 s, and every command reads it.
 */
const parseYaml = (text: string): unknown => load(text, { schema: CORE_SCHEMA });

/** The folder's files that are not layout mappings: the roster and the ANOMALY.* settings. */
const NOT_LAYOUTS = /^(agencies|anomaly)\./;

/** Every layout mapping of a folder (agencies.yaml and anomaly.yaml are not), each checked by the schema. */
export function loadMappings(dir: string): LoadedMappings {
  const files = fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f) && !NOT_LAYOUTS.test(f)).sort();
  const result: LoadedMappings = { mappings: [], invalid: [] };
  for (const file of files) {
    const full = path.join(dir, file);
    let data: unknown;
    try {
      data = parseYaml(fs.readFileSync(full, 'utf8'));
    } catch (e) {
      result.invalid.push({ file: full, problems: [`YAML: ${(e as Error).message}`] });
      continue;
    }
    const parsed = MappingSchema.safeParse(data);
    if (parsed.success) result.mappings.push(parsed.data);
    else result.invalid.push({ file: full, problems: parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`) });
  }
  return result;
}

/** mappings/agencies.yaml, or an empty directory when the folder has none. */
export function loadAgencies(dir: string): Agencies {
  const file = path.join(dir, 'agencies.yaml');
  if (!fs.existsSync(file)) return NO_AGENCIES;
  return AgenciesSchema.parse(parseYaml(fs.readFileSync(file, 'utf8')) ?? {});
}

/** A settings file that is not valid: its path and what is wrong, by key. */
export class SettingsError extends Error {
  constructor(readonly file: string, readonly problems: string[]) {
    super(`invalid ${file}: ${problems.join('; ')}`);
  }
}

/** mappings/anomaly.yaml with its defaults, or the defaults when the folder has none; an invalid file is a SettingsError. */
export function loadAnomaly(dir: string): AnomalySettings {
  const file = path.join(dir, 'anomaly.yaml');
  if (!fs.existsSync(file)) return DEFAULT_ANOMALY;
  let data: unknown;
  try {
    data = parseYaml(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new SettingsError(file, [`YAML: ${(e as Error).message}`]);
  }
  const parsed = AnomalySchema.safeParse(data ?? {});
  if (!parsed.success) throw new SettingsError(file, parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`));
  return parsed.data;
}
