import { loadavg } from 'node:os';
import type { TaskFigures } from './task-trace.js';

/** What a run's page reported of its main thread (bench/page/frame-watch.ts). */
export interface FrameFigures {
  readonly longestTaskMs: number;
  readonly longTasks?: number;
  readonly longFrames?: number;
  readonly frames?: readonly string[];
  readonly trace?: TaskFigures;
}

/** The machine's load average now (1, 5, 15 min): the cores are shared, so each figure says it. */
export function loadAverage(): string {
  return loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');
}

/** The run's long tasks and the attribution of its frames >= 50 ms, one indented line each. */
export function frameLines(sample: FrameFigures): string {
  const trace = sample.trace === undefined ? '' : `; trace: longest task ${Math.round(sample.trace.longestWallMs)} ms wall, ${Math.round(sample.trace.longestCpuMs)} ms CPU (${sample.trace.cpuLongTasks} tasks >= 50 ms CPU)`;
  const head = `    longest task ${sample.longestTaskMs === 0 ? 'none >= 50 ms' : `${Math.round(sample.longestTaskMs)} ms`} (${sample.longTasks ?? 0} long tasks)${trace}, ${sample.longFrames ?? 0} frames >= 50 ms${(sample.longFrames ?? 0) > 0 ? ', slowest:' : ''}\n`;
  const cpu = (sample.trace?.slowest ?? []).map((line) => `      task ${line}\n`).join('');
  return head + (sample.frames ?? []).map((frame) => `      ${frame}\n`).join('') + (cpu === '' ? '' : `    tasks with the most CPU time (trace):\n${cpu}`);
}
