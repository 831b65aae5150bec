/**
 * `node dist/bench/cpuprofile.js FILE.cpuprofile…`: where a `node --cpu-prof` profile spends
 * its time, by pipeline stage and by function.
 *
 * A sample belongs to the stage of the outermost nianbao frame on its stack below the
 * pipeline (src/read, src/locate, src/extract, src/normalize, src/validate, src/reconcile,
 * src/write, …): time inside SheetJS called from src/read counts as read. Samples with no
 * such frame are put under the outermost package (node_modules/<name>), the pipeline, or
 * V8's own (garbage collector), (idle) and (program).
 */
import fs from 'node:fs';
import path from 'node:path';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const OUTER = new Set(['pipeline', 'cli']);

function stageOf(url: string): string | null {
  const m = /\/dist\/(src|jobs)\/([^/]+)\//.exec(url);
  return m ? (m[1] === 'jobs' ? 'jobs' : m[2]) : null;
}

function packageOf(url: string): string | null {
  const m = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  return m ? m[1] : null;
}

export interface ProfileSummary {
  file: string;
  totalMs: number;
  byStage: Array<[string, number]>;
  bySelf: Array<[string, number]>;
}

export function summarize(file: string): ProfileSummary {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const stageCache = new Map<number, string>();
  const stage = (id: number): string => {
    const cached = stageCache.get(id);
    if (cached) return cached;
    let outermostStage: string | null = null;
    let outermostPackage: string | null = null;
    let pipeline = false;
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)!.callFrame;
      const s = stageOf(frame.url);
      if (s && OUTER.has(s)) pipeline = true;
      else if (s) outermostStage = s;
      const p = packageOf(frame.url);
      if (p && !s) outermostPackage = p;
    }
    const name = byId.get(id)!.callFrame.functionName;
    const result = outermostStage ?? (outermostPackage ? `node_modules/${outermostPackage}` : pipeline ? 'pipeline' : name.startsWith('(') ? name : '(node internals)');
    stageCache.set(id, result);
    return result;
  };
  const stages = new Map<string, number>();
  const selves = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    const s = stage(id);
    stages.set(s, (stages.get(s) ?? 0) + ms);
    const f = byId.get(id)!.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url ? `${path.basename(f.url)}:${f.lineNumber + 1}` : ''}`.trim();
    selves.set(key, (selves.get(key) ?? 0) + ms);
  });
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]);
  return { file, totalMs: (profile.endTime - profile.startTime) / 1000, byStage: sorted(stages), bySelf: sorted(selves).slice(0, 25) };
}

function main(): void {
  for (const file of process.argv.slice(2)) {
    const s = summarize(file);
    process.stdout.write(`\n${path.basename(file)}: ${s.totalMs.toFixed(0)} ms\n  by stage:\n`);
    for (const [name, ms] of s.byStage) process.stdout.write(`    ${name.padEnd(28)} ${ms.toFixed(0).padStart(7)} ms ${((100 * ms) / s.totalMs).toFixed(1).padStart(5)}%\n`);
    process.stdout.write('  top functions (self):\n');
    for (const [name, ms] of s.bySelf) process.stdout.write(`    ${ms.toFixed(0).padStart(7)} ms  ${name}\n`);
  }
}

if (require.main === module) main();
