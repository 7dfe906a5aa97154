import { readFileSync, readdirSync } from 'node:fs';

/**
 * Peak resident memory of the browser's renderer processes (the page and its workers live
 * there), sampled from /proc while a run goes on. Linux only; elsewhere it reports 0.
 */
export class RendererMemory {
  #timer: ReturnType<typeof setInterval> | undefined;
  #peak = 0;
  #browserPid: number;

  constructor(browserPid: number) {
    this.#browserPid = browserPid;
  }

  start(): void {
    this.#peak = 0;
    this.#timer = setInterval(() => {
      this.#peak = Math.max(this.#peak, this.#sample());
    }, 100);
  }

  /** Peak in bytes since start(). */
  stop(): number {
    clearInterval(this.#timer);
    return Math.max(this.#peak, this.#sample());
  }

  #sample(): number {
    let total = 0;
    for (const pid of descendants(this.#browserPid)) {
      try {
        const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        if (!cmdline.includes('--type=renderer')) continue;
        const status = readFileSync(`/proc/${pid}/status`, 'utf8');
        const rss = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
        total += Number(rss ?? 0) * 1024;
      } catch {
        // The process ended between listing and reading.
      }
    }
    return total;
  }
}

function descendants(root: number): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
  const parent = new Map<number, number>();
  for (const name of entries) {
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parent.set(Number(name), ppid);
    } catch {
      // gone
    }
  }
  const out: number[] = [];
  for (const pid of parent.keys()) {
    for (let p: number | undefined = pid; p !== undefined && p > 1; p = parent.get(p)) {
      if (p === root) {
        out.push(pid);
        break;
      }
    }
  }
  return out;
}
