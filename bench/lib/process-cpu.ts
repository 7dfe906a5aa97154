import { readFileSync, readdirSync } from 'node:fs';

const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) of a browser's processes so far, by Chromium process type. */
export function browserCpu(browserPid: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const pid of processTree(browserPid)) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      const type = /--type=([a-z-]+)/.exec(cmdline)?.[1] ?? 'browser';
      const sub = /--utility-sub-type=network/.test(cmdline) ? 'network' : type;
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out[sub] = (out[sub] ?? 0) + (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
    } catch {
      // The process ended between listing and reading.
    }
  }
  return out;
}

/** The difference of two readings, rounded, for printing. */
export function cpuDelta(before: Record<string, number>, after: Record<string, number>): string {
  return Object.keys(after)
    .map((type) => [type, (after[type] ?? 0) - (before[type] ?? 0)] as const)
    .filter(([, seconds]) => seconds >= 0.05)
    .map(([type, seconds]) => `${type} ${seconds.toFixed(1)}`)
    .join(', ');
}

function processTree(root: number): number[] {
  const parent = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      parent.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone
    }
  }
  return [...parent.keys()].filter((pid) => {
    for (let p: number | undefined = pid; p !== undefined && p > 1; p = parent.get(p)) if (p === root) return true;
    return false;
  });
}
