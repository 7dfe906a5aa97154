import type { TaskSnapshot } from '../core/task-snapshot.js';
import type { ConditionKind, Translation } from './i18n/translation.js';

/** A row's condition is spoken again only after this long, however often it comes and goes. */
const REPEAT_MS = 30_000;

/**
 * What the live region says about network trouble, without flooding it: one sentence when a
 * row's condition begins (not per retry, not per countdown second), the same condition of the
 * same row at most once in 30 s, and one sentence for the whole element when the browser goes
 * offline and when it comes back, instead of one per row.
 */
export class ConditionAnnouncer {
  #kinds = new Map<string, ConditionKind | 'waiting-for-network'>();
  #spokenAt = new Map<string, number>();
  #offline = false;

  /** Sentences to say for these snapshots, given that the browser is `online`. */
  update(tasks: readonly TaskSnapshot[], online: boolean, t: Translation, now = Date.now()): string[] {
    const lines: string[] = [];
    const waiting = (): boolean => tasks.some((task) => task.state !== 'done' && task.state !== 'canceled' && task.state !== 'failed');
    if (!online && !this.#offline) lines.push(t.offline);
    if (online && this.#offline && waiting()) lines.push(t.backOnline);
    this.#offline = !online;
    // Only rows with a condition are looked at: a batch of thousands renders often, and few
    // of its rows are ever in trouble.
    const troubled = new Map<string, TaskSnapshot>();
    for (const task of tasks) if (task.condition !== undefined) troubled.set(task.id, task);
    for (const id of this.#kinds.keys()) if (!troubled.has(id)) this.#kinds.delete(id);
    for (const [id, task] of troubled) {
      const kind = task.condition?.kind;
      if (kind === undefined) continue;
      const before = this.#kinds.get(id);
      this.#kinds.set(id, kind);
      if (kind === before || kind === 'waiting-for-network') continue;
      const key = `${id} ${kind}`;
      if (now - (this.#spokenAt.get(key) ?? -Infinity) < REPEAT_MS) continue;
      this.#spokenAt.set(key, now);
      lines.push(t.conditionBegan(task.name, kind));
    }
    // A sentence older than the repeat window no longer holds anything back.
    for (const [key, at] of this.#spokenAt) if (now - at >= REPEAT_MS) this.#spokenAt.delete(key);
    return lines;
  }
}
