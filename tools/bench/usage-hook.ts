/**
 * Preloaded (`node --import`) into every process the benchmark measures: at exit it writes the process's CPU time and
 * peak RSS to the file named by BENCH_USAGE_FILE, which only the process itself can know exactly.
 */
import { writeFileSync } from 'node:fs';

export interface ProcessUsage {
  cpuMs: number;
  peakRssMb: number;
}

const target = process.env['BENCH_USAGE_FILE'];
if (target !== undefined) {
  process.on('exit', () => {
    const { userCPUTime, systemCPUTime, maxRSS } = process.resourceUsage();
    const usage: ProcessUsage = { cpuMs: (userCPUTime + systemCPUTime) / 1000, peakRssMb: maxRSS / 1024 };
    writeFileSync(target, JSON.stringify(usage));
  });
}
