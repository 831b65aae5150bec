/**
 * Preloaded into a benchmarked `nianbao run` (`node -r dist/bench/rss-probe.js …`): when the
 * process exits it writes its peak resident set size to the file named by
 * NIANBAO_BENCH_RSS_FILE, with the CPU time it used (user and system, every thread): on a busy
 * machine the wall time of a run varies with the load, its CPU time much less. getrusage's
 * maxRSS is the whole process's, worker threads included (they share its address space).
 */
import fs from 'node:fs';

const target = process.env.NIANBAO_BENCH_RSS_FILE;
if (target) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    fs.writeFileSync(target, JSON.stringify({ maxRssKb: usage.maxRSS, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000 }));
  });
}
