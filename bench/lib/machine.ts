import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { execFileSync } from 'node:child_process';

/** The conditions a measurement was taken under, printed with every table. */
export function machineConditions(chromePath: string | undefined): string[] {
  const cpu = cpus();
  let chrome = 'Playwright bundled Chromium';
  if (chromePath !== undefined) {
    try {
      chrome = execFileSync(chromePath, ['--version'], { encoding: 'utf8' }).trim();
    } catch {
      chrome = chromePath;
    }
  }
  return [
    `CPU: ${cpu[0]?.model ?? 'unknown'} × ${cpu.length} logical cores`,
    `memory: ${(totalmem() / 2 ** 30).toFixed(1)} GiB total, ${(freemem() / 2 ** 30).toFixed(1)} GiB free at start`,
    `load average at start: ${loadavg().map((n) => n.toFixed(2)).join(' ')}`,
    `Node ${process.version}; ${chrome} headless; servers on 127.0.0.1`,
  ];
}
