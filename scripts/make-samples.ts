/**
 * `npm run samples`: regenerates samples/inbox from scripts/sample-set.ts, and
 * samples/README.md, the table of what each sample is expected to yield.
 *
 * The inbox is generated as a whole: every file in it is deleted first, so a sample dropped
 * from the set does not linger. SheetJS writes no timestamps, so a rerun gives the same bytes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { cellRef } from '../src/reconcile/messages';
import { SAMPLES, type Sample } from './sample-set';

/** Run from dist/scripts (npm run samples): the repository's samples folder. */
const SAMPLES_DIR = path.resolve(__dirname, '..', '..', 'samples');
const INBOX = path.join(SAMPLES_DIR, 'inbox');

function clearInbox(): void {
  fs.mkdirSync(INBOX, { recursive: true });
  for (const entry of fs.readdirSync(INBOX, { withFileTypes: true })) {
    if (entry.isFile()) fs.unlinkSync(path.join(INBOX, entry.name));
  }
}

/** `T3.row-total` ×3 for a rule expected more than once. */
function expectedRules(sample: Sample): string {
  const counts = new Map<string, number>();
  for (const f of sample.findings) counts.set(f.rule, (counts.get(f.rule) ?? 0) + 1);
  const rules = [...counts].map(([rule, n]) => `\`${rule}\`${n > 1 ? ` ×${n}` : ''}`);
  return rules.join(', ') || '—';
}

/** Where the sample's pinned findings are: `年报!B9`. */
function expectedCells(sample: Sample): string {
  return sample.findings.filter((f) => f.cell).map((f) => cellRef(f.sheet ?? null, f.cell!)).join(', ') || '—';
}

const escapeCell = (text: string): string => text.replace(/\|/g, '\\|');

/** samples/README.md: the table of samples and what each should yield. */
export function readme(): string {
  const rows = SAMPLES.map((s) =>
    `| ${escapeCell(s.file)} | ${escapeCell(s.about)} | ${s.status} | ${expectedRules(s)} | ${expectedCells(s)} |`);
  return [
    '# Samples',
    '',
    '`samples/inbox/` is the default inbox: example submissions, valid and broken, written by',
    '`npm run samples` (scripts/make-samples.ts) from the list in scripts/sample-set.ts. Do not',
    'edit them by hand; change the list and rerun. test/pipeline.test.ts imports every sample and',
    'checks the status and findings below, and that the files here are up to date.',
    '',
    'Status is what `nianbao import` reports: `clean` (warnings allowed), `discrepancies` (at',
    'least one error), `rejected` (a PARSE.* error: nothing imported). A sample reports the rules',
    'listed and no other; the cells are where the first cell of such a finding is.',
    '',
    '| file | what it is | status | rules | cells |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}

function main(): void {
  clearInbox();
  for (const sample of SAMPLES) fs.writeFileSync(path.join(INBOX, sample.file), sample.bytes());
  fs.writeFileSync(path.join(SAMPLES_DIR, 'README.md'), readme());
  process.stdout.write(`wrote ${SAMPLES.length} samples to ${path.relative(process.cwd(), INBOX) || '.'}\n`);
}

// Tests import readme(); only running the script writes files.
if (require.main === module) main();
