/** What the import tests share: the bundled mappings as import settings, a fixed clock, temp folders. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_LIMITS } from '../../src/config';
import { NO_AGENCIES } from '../../src/model/agencies';
import type { ImportOutcome, ImportSettings } from '../../src/pipeline/import';
import { renderMessage } from '../../src/reconcile/messages';
import { loadMappings } from '../../src/read/mappings';

export const REPO = path.resolve(__dirname, '..', '..');

/** A fixed clock: outcomes do not depend on when a test runs. */
export const IMPORTED_AT = '2024-03-01T02:00:00.000Z';

const bundled = loadMappings(path.join(REPO, 'mappings'));

/** Settings as the CLI would give them: the bundled mappings, no agencies.yaml, default limits. */
export function importSettings(overrides: Partial<ImportSettings> = {}): ImportSettings {
  if (bundled.invalid.length > 0) throw new Error(`invalid bundled mappings: ${JSON.stringify(bundled.invalid)}`);
  return { mappings: bundled.mappings, agencies: NO_AGENCIES, limits: DEFAULT_LIMITS, ...overrides };
}

/** A fresh temp folder, removed after the last test; call it at a file's or describe block's top level (it registers afterAll). */
export function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-test-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** An outcome that imported the report (clean or with discrepancies). */
export type Imported = Extract<ImportOutcome, { status: 'clean' | 'discrepancies' }>;

/** Why an outcome did not import: a rejection's reason (its finding's message) or nianbao's own error. */
export function whyNot(outcome: ImportOutcome): string {
  if (outcome.status === 'failed') return `failed: ${outcome.error.stack}`;
  return `${outcome.status}: ${outcome.findings[0] ? renderMessage(outcome.findings[0]) : '(no finding)'}`;
}

/** The outcome as an imported report; a test fails with the reason when it was not imported. */
export function imported(outcome: ImportOutcome): Imported {
  if (outcome.status !== 'clean' && outcome.status !== 'discrepancies') throw new Error(whyNot(outcome));
  return outcome;
}
