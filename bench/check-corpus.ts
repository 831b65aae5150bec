/**
 * `node dist/bench/check-corpus.js [N]`: generates a corpus of N files (default twice the
 * sample set) and imports each one in this process, checking it yields the status and the
 * rules its sample does in samples/README.md: the benchmark's files are the samples under
 * other agencies, not other files.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_LIMITS } from '../src/config';
import { importFile } from '../src/pipeline/import';
import { BUNDLED_MAPPINGS, loadAgencies, loadMappings } from '../src/read/mappings';
import { SAMPLES } from '../scripts/sample-set';
import { formatMix, generateCorpus } from './corpus';

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? SAMPLES.length * 2);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-corpus-check-'));
  try {
    const files = generateCorpus(dir, count);
    const settings = { mappings: loadMappings(BUNDLED_MAPPINGS).mappings, agencies: loadAgencies(BUNDLED_MAPPINGS), limits: DEFAULT_LIMITS };
    let wrong = 0;
    for (const f of files) {
      const outcome = await importFile(path.join(dir, f.name), f.name, settings, new Date(0).toISOString());
      const got = [...new Set(outcome.findings.map((x) => x.rule))].sort().join(',');
      const want = [...new Set(f.sample.findings.map((x) => x.rule))].sort().join(',');
      if (outcome.status !== f.sample.status || got !== want) {
        wrong++;
        process.stdout.write(`${f.name}: ${outcome.status} [${got}], its sample ${f.sample.file}: ${f.sample.status} [${want}]\n`);
      }
    }
    process.stdout.write(`${files.length} files (${Object.entries(formatMix(files)).map(([k, v]) => `${k} ${v}`).join(', ')}): ${wrong === 0 ? 'each imports as its sample does' : `${wrong} differ from their sample`}\n`);
    process.exitCode = wrong === 0 ? 0 : 1;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main();
