import type { CDPSession, Page } from 'playwright';

/**
 * The renderer main thread's tasks, from a Chromium trace (`toplevel`, `devtools.timeline`): each task's
 * wall time and its thread time (CPU). On a machine whose cores are shared, a task's wall time
 * includes the time the thread waited for a core; its CPU time is what the page's code and
 * Blink's rendering cost, and is the figure that carries from one load to another.
 */
export interface TaskFigures {
  readonly longestWallMs: number;
  readonly longestCpuMs: number;
  /** Tasks whose CPU time alone reached 50 ms. */
  readonly cpuLongTasks: number;
  /** The tasks with the most CPU time, each with what it ran (timeline events by CPU time). */
  readonly slowest: readonly string[];
}

interface TraceEvent {
  readonly ph: string;
  readonly name: string;
  readonly pid: number;
  readonly tid: number;
  readonly ts: number;
  readonly dur?: number;
  readonly tdur?: number;
  readonly args?: { readonly name?: string; readonly data?: { readonly url?: string; readonly functionName?: string; readonly type?: string } };
}

/** What ran inside a task: its timeline events' CPU time by kind (scripts by file), largest first. */
function insideOf(task: TraceEvent, events: readonly TraceEvent[]): string {
  const end = task.ts + (task.dur ?? 0);
  const byKind = new Map<string, number>();
  for (const event of events) {
    if (event === task || event.tid !== task.tid || event.pid !== task.pid || event.ts < task.ts || event.ts >= end || TASK_NAMES.has(event.name)) continue;
    const data = event.args?.data;
    const where = data?.url ? ` ${data.url.split('/').pop()?.split('?')[0] ?? ''}${data.functionName ? `:${data.functionName}` : ''}` : data?.type ? ` ${data.type}` : '';
    const kind = `${event.name}${where}`;
    byKind.set(kind, (byKind.get(kind) ?? 0) + (event.tdur ?? 0) / 1000);
  }
  return [...byKind]
    .filter(([, ms]) => ms >= 3)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 6)
    .map(([kind, ms]) => `${kind} ${Math.round(ms)}`)
    .join(', ');
}

const TASK_NAMES = new Set(['ThreadControllerImpl::RunTask', 'RunTask']);

export class TaskTrace {
  #session: CDPSession | undefined;
  #events: TraceEvent[] = [];

  async start(page: Page): Promise<void> {
    this.#session = await page.context().newCDPSession(page);
    this.#session.on('Tracing.dataCollected', (data) => {
      // Only what is read below is kept: a minute of tasks is many events.
      for (const event of data.value as unknown as TraceEvent[]) if (event.ph === 'M' || event.ph === 'X') this.#events.push(event);
    });
    await this.#session.send('Tracing.start', { categories: 'toplevel,devtools.timeline', transferMode: 'ReportEvents' });
  }

  async stop(): Promise<TaskFigures> {
    const session = this.#session;
    if (session === undefined) return { longestWallMs: 0, longestCpuMs: 0, cpuLongTasks: 0, slowest: [] };
    const complete = new Promise<void>((resolve) => session.once('Tracing.tracingComplete', () => resolve()));
    await session.send('Tracing.end');
    await complete;
    const mains = new Set(this.#events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
    const start = this.#events.reduce((first, e) => (e.ph === 'X' ? Math.min(first, e.ts) : first), Number.POSITIVE_INFINITY);
    const onMain = this.#events.filter((e) => e.ph === 'X' && mains.has(`${e.pid}:${e.tid}`));
    const tasks = onMain.filter((e) => TASK_NAMES.has(e.name));
    const slowest = [...tasks]
      .sort((a, b) => (b.tdur ?? 0) - (a.tdur ?? 0))
      .slice(0, 5)
      .map((task) => `${Math.round((task.tdur ?? 0) / 1000)} ms CPU (${Math.round((task.dur ?? 0) / 1000)} ms wall) at ${((task.ts - start) / 1e6).toFixed(1)} s: ${insideOf(task, onMain) || 'no timeline event over 3 ms'}`);
    let longestWall = 0;
    let longestCpu = 0;
    let cpuLong = 0;
    for (const event of tasks) {
      longestWall = Math.max(longestWall, (event.dur ?? 0) / 1000);
      const cpu = (event.tdur ?? 0) / 1000;
      longestCpu = Math.max(longestCpu, cpu);
      if (cpu >= 50) cpuLong += 1;
    }
    return { longestWallMs: longestWall, longestCpuMs: longestCpu, cpuLongTasks: cpuLong, slowest };
  }
}
