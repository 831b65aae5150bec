/**
 * `npm run bench -- --desk [--agency-years 10000] [--store DIR]`: how fast the desk answers
 * over a big store. It generates agency-years (2,000 agencies × 5 years at 10,000, each a
 * 2021-edition workbook, one in seven breaking T3.balance), an agencies.yaml listing every
 * agency (and 50 more that never report), imports them with `nianbao run` into a store
 * (kept and reused with --store), then times, in this process, the desk's pages through
 * app.request() over the real store: the overview of the latest year and agency pages,
 * first request and the median of the next ones; and the unchanged night: `nianbao run` over
 * the same inbox with nothing changed, from spawn to exit, five times; and the feedback
 * download of an agency-year with open findings (下载反馈表), the first time (the workbook
 * made) and again (given as kept). Targets: overview < 200 ms, agency page < 50 ms, a first
 * feedback download < 300 ms, unchanged night < 1 s (median).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadAgencies } from '../src/read/mappings';
import { Store } from '../src/store';
import { createDesk } from '../src/views/desk/app';
import { buildWorkbook } from '../scripts/layouts';
import * as XLSX from 'xlsx';
import { districtName } from './corpus';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'src', 'cli', 'main.js');
const YEARS = [2021, 2022, 2023, 2024, 2025];
const TARGET = { overviewMs: 200, agencyMs: 50, feedbackMs: 300, unchangedNightMs: 1000 };

const agencyName = (k: number): string => `${districtName(k)}政务服务管理局`;

function generate(dir: string, agencyYears: number): { inbox: string; mappings: string; agencies: string[] } {
  const agencies = Array.from({ length: Math.ceil(agencyYears / YEARS.length) }, (_, k) => agencyName(k));
  const inbox = path.join(dir, 'inbox');
  const mappings = path.join(dir, 'mappings');
  fs.mkdirSync(inbox, { recursive: true });
  fs.cpSync(path.join(ROOT, 'mappings'), mappings, { recursive: true });
  const absent = Array.from({ length: 50 }, (_, k) => agencyName(agencies.length + k));
  fs.writeFileSync(path.join(mappings, 'agencies.yaml'), `agencies:\n${[...agencies, ...absent].map((a) => `  - name: ${a}\n`).join('')}`);
  // Two CSV texts (clean, breaking T3.balance), each agency-year's title written in: a
  // workbook a file would cost ~80 ms to build, a CSV nothing.
  const TITLE = '@@TITLE@@';
  const csvOf = (broken: boolean): string => {
    const values = {
      'applications.received.naturalPerson': 4, 'applications.received.total': 4,
      'applications.results.granted.naturalPerson': broken ? 3 : 4, 'applications.results.granted.total': broken ? 3 : 4,
      'applications.results.total.naturalPerson': broken ? 3 : 4, 'applications.results.total.total': broken ? 3 : 4,
    };
    const wb = buildWorkbook({ title: TITLE, edition: '2021', values });
    return XLSX.utils.sheet_to_csv(wb.Sheets[wb.SheetNames[0]]);
  };
  const texts = { clean: csvOf(false), broken: csvOf(true) };
  let n = 0;
  for (const year of YEARS) {
    for (const agency of agencies) {
      if (n >= agencyYears) break;
      const text = (n % 7 === 0 ? texts.broken : texts.clean).replace(TITLE, `${agency}${year}年政府信息公开工作年度报告`);
      fs.writeFileSync(path.join(inbox, `${agency}${year}.csv`), text);
      if (++n % 500 === 0) process.stderr.write(`\rgenerating: ${n}/${agencyYears}`);
    }
  }
  process.stderr.write('\n');
  return { inbox, mappings, agencies };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x: number): number => Math.round(x * 10) / 10;

async function time(fn: () => Promise<Response>): Promise<number> {
  const t0 = performance.now();
  const res = await fn();
  await res.text();
  if (res.status !== 200) throw new Error(`status ${res.status}`);
  return performance.now() - t0;
}

export async function deskBench(options: { agencyYears: number; store?: string }): Promise<void> {
  const dir = options.store ? path.resolve(options.store) : fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-desk-bench-'));
  const out = path.join(dir, 'out');
  const marker = path.join(dir, 'agency-years');
  const ready = fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === String(options.agencyYears);
  const mappings = path.join(dir, 'mappings');
  const inbox = path.join(dir, 'inbox');
  if (!ready) {
    fs.rmSync(dir, { recursive: true, force: true });
    generate(dir, options.agencyYears);
    process.stderr.write(`importing ${options.agencyYears} agency-years with nianbao run…\n`);
    const t0 = performance.now();
    const run = spawnSync(process.execPath, [CLI, 'run', '--inbox', inbox, '--out', out, '--mappings', mappings], { stdio: ['ignore', 'inherit', 'inherit'] });
    if (run.status !== 0) throw new Error(`nianbao run exited ${run.status}`);
    process.stderr.write(`imported in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
    fs.writeFileSync(marker, String(options.agencyYears));
  } else process.stderr.write(`store: ${options.agencyYears} agency-years already in ${out}\n`);

  // The unchanged night first, before this process holds the store open. One run untimed: a
  // store last run by another version of nianbao (or its mappings) is evaluated again once.
  const night: number[] = [];
  for (let i = -1; i < 5; i++) {
    const t0 = performance.now();
    const run = spawnSync(process.execPath, [CLI, 'run', '--inbox', inbox, '--out', out, '--mappings', mappings], { stdio: 'ignore' });
    if (run.status !== 0) throw new Error(`the unchanged nianbao run exited ${run.status}`);
    if (i >= 0) night.push(performance.now() - t0);
  }

  // What Node itself takes to start and exit here, for reading the night's figure on a given machine.
  const nodeAlone: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    spawnSync(process.execPath, ['-e', '0'], { stdio: 'ignore' });
    nodeAlone.push(performance.now() - t0);
  }

  const store = Store.open(out);
  const agencies = loadAgencies(mappings);
  const app = createDesk({ store, agencies, host: '127.0.0.1', port: () => 0 });
  const get = (p: string) => () => Promise.resolve(app.request(`http://127.0.0.1${p}`, { headers: { host: '127.0.0.1' } }));
  const year = store.years().at(-1)!;
  const names = agencies.agencies.map((a) => a.name);
  const agencyPath = (i: number) => `/agency/${YEARS[i % YEARS.length]}/${encodeURIComponent(names[(i * 7919) % (names.length - 50)])}`;

  const overviewFirst = await time(get(`/?year=${year}`));
  const overview: number[] = [];
  for (let i = 0; i < 20; i++) overview.push(await time(get(`/?year=${year}`)));
  const filtered: number[] = [];
  for (let i = 0; i < 10; i++) filtered.push(await time(get(`/?year=${year}&status=errors&q=${encodeURIComponent('安')}`)));
  const agencyFirst = await time(get(agencyPath(0)));
  const agency: number[] = [];
  for (let i = 1; i <= 100; i++) agency.push(await time(get(agencyPath(i))));
  // Eleven agency-years with open findings, their workbooks removed so each download makes one.
  const broken = [...new Map(store.findings({ rule: 'T3.balance' }).map((f) => [`${f.year}/${f.agency}`, f])).values()].slice(0, 11);
  for (const f of broken) store.removeDocument('feedback', f.year, f.agency!, 'xlsx');
  const feedbackPath = (f: (typeof broken)[number]) => `/feedback/${f.year}/${encodeURIComponent(f.agency!)}`;
  const feedbackFirst = await time(get(feedbackPath(broken[0])));
  const feedbackMade: number[] = [];
  for (const f of broken.slice(1)) feedbackMade.push(await time(get(feedbackPath(f))));
  const feedbackKept: number[] = [];
  for (const f of broken.slice(1)) feedbackKept.push(await time(get(feedbackPath(f))));
  store.close();

  const rows: [string, number, number, number][] = [
    ['overview (latest year)', round(overviewFirst), round(median(overview)), TARGET.overviewMs],
    ['overview, filtered + search', round(filtered[0]), round(median(filtered)), TARGET.overviewMs],
    ['agency page', round(agencyFirst), round(median(agency)), TARGET.agencyMs],
    ['feedback download, made', round(feedbackFirst), round(median(feedbackMade)), TARGET.feedbackMs],
    ['feedback download, kept', round(feedbackKept[0]), round(median(feedbackKept)), TARGET.feedbackMs],
  ];
  process.stdout.write(`\ndesk over ${options.agencyYears} agency-years (${names.length} agencies on the roster, ${YEARS.length} years)\n`);
  process.stdout.write(`${'page'.padEnd(30)}${'first ms'.padStart(10)}${'median ms'.padStart(11)}${'target'.padStart(9)}\n`);
  for (const [label, first, med, target] of rows) process.stdout.write(`${label.padEnd(30)}${String(first).padStart(10)}${String(med).padStart(11)}${`< ${target}`.padStart(9)} ${med < target ? 'met' : 'NOT met'}\n`);
  const nightMedian = Math.round(median(night));
  process.stdout.write(`\nunchanged night (nianbao run, nothing changed; spawn to exit, 5 runs): median ${nightMedian} ms, ` +
    `min ${Math.round(Math.min(...night))}, max ${Math.round(Math.max(...night))}; target < ${TARGET.unchangedNightMs} ms ${nightMedian < TARGET.unchangedNightMs ? 'met' : 'NOT met'}` +
    ` (node -e 0 alone: median ${Math.round(median(nodeAlone))} ms; load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')})\n`);
  if (!options.store) fs.rmSync(dir, { recursive: true, force: true });
}
