/**
 * The pipeline's fingerprint: nianbao's version and a digest of what decides a file's result
 * besides its bytes (the mappings, agencies.yaml, the rule catalogue). The ledger records it
 * with each file; a file evaluated under another fingerprint is evaluated again, so a new
 * synonym or a corrected rule reaches files whose bytes did not change.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_ANOMALY } from '../model/anomaly';
import { CATALOGUE } from '../reconcile/catalogue';
import type { ImportSettings } from './import';

function packageVersion(dir: string): string {
  const file = path.join(dir, 'package.json');
  if (fs.existsSync(file)) return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
  return path.dirname(dir) === dir ? '0.0.0' : packageVersion(path.dirname(dir));
}

export const VERSION = packageVersion(__dirname);

export function pipelineFingerprint(settings: Pick<ImportSettings, 'mappings' | 'agencies'>): string {
  const digest = crypto.createHash('sha256').update(JSON.stringify([settings.mappings, settings.agencies, CATALOGUE])).digest('hex').slice(0, 16);
  return `${VERSION}+${digest}`;
}

/**
 * What the cross-file findings are evaluated under: the pipeline's fingerprint and a digest of
 * mappings/anomaly.yaml. Only the cross-file rules read anomaly.yaml, so tuning it re-evaluates
 * them (the store compares this with the last cross-file pass) and no file is read again.
 */
export function crossFingerprint(settings: Pick<ImportSettings, 'mappings' | 'agencies' | 'anomaly'>): string {
  const digest = crypto.createHash('sha256').update(JSON.stringify(settings.anomaly ?? DEFAULT_ANOMALY)).digest('hex').slice(0, 16);
  return `${pipelineFingerprint(settings)}+${digest}`;
}
