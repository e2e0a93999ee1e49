// Reads a process's memory and CPU time from /proc (Linux), so the figures are the kernel's, not the
// process's own idea of them.
import { readFileSync } from 'node:fs';

/** Resident memory now and at its peak, and CPU seconds used so far. */
export interface ProcessStats {
  rssMb: number;
  peakRssMb: number;
  cpuSeconds: number;
}

// USER_HZ is 100 on every Linux we run on (sysconf(_SC_CLK_TCK)).
const CLOCK_TICKS = 100;

function statusKb(status: string, field: string): number {
  const line = status.split('\n').find((l) => l.startsWith(`${field}:`));
  return line === undefined ? 0 : Number(line.split(/\s+/)[1]);
}

/** The stats of process `pid`. */
export function processStats(pid: number): ProcessStats {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  // Fields 14 and 15 of /proc/pid/stat (utime, stime) follow the command name in parentheses.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return { rssMb: Math.round(statusKb(status, 'VmRSS') / 1024), peakRssMb: Math.round(statusKb(status, 'VmHWM') / 1024), cpuSeconds: Number((ticks / CLOCK_TICKS).toFixed(2)) };
}
