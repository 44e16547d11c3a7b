// Small helpers shared by the ticket benchmark's phases: percentiles over raw samples, the median
// across rounds, a monotonic clock comparable between processes, and CPU use over a window (to
// tell a CPU-bound phase from a waiting one, and to see other work running on the machine).
import { readFileSync } from 'node:fs';

/** Nearest-rank percentile (p in 0..100) of unsorted samples; NaN when there are none. */
export function percentile(samples: ArrayLike<number>, p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = Float64Array.from(samples).sort();
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function median(values: number[]): number {
  return percentile(values, 50);
}

/**
 * Milliseconds on CLOCK_MONOTONIC. process.hrtime reads the machine-wide monotonic clock, so a
 * reading taken in the generator process and one taken in the relay process can be subtracted
 * (wall-clock Date.now() can be slewed by NTP between them, performance.now() has per-process origins).
 */
export function monoMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Whole-machine CPU time from /proc/stat (Linux), in clock ticks; undefined elsewhere. */
function machineTicks(): { busy: number; total: number } | undefined {
  try {
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const idle = cpu[3]! + (cpu[4] ?? 0);
    const total = cpu.reduce((a, b) => a + b, 0);
    return { busy: total - idle, total };
  } catch {
    return undefined;
  }
}

export interface CpuWindow {
  /** This process's CPU time over the window, as % of one core. */
  processPct: number;
  /** All cores busy (any process, other people's work included), as % of the machine. */
  machinePct: number;
}

/** Starts measuring CPU use; call the returned function at the end of the window. */
export function cpuWindow(): () => CpuWindow {
  const t0 = monoMs();
  const p0 = process.cpuUsage();
  const m0 = machineTicks();
  return () => {
    const elapsedMs = monoMs() - t0;
    const p = process.cpuUsage(p0);
    const m1 = machineTicks();
    const machinePct = m0 && m1 ? ((m1.busy - m0.busy) / (m1.total - m0.total)) * 100 : Number.NaN;
    return { processPct: ((p.user + p.system) / 1000 / elapsedMs) * 100, machinePct };
  };
}
