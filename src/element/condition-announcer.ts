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
    const waiting = tasks.some((task) => task.state !== 'done' && task.state !== 'canceled' && task.state !== 'failed');
    if (!online && !this.#offline) lines.push(t.offline);
    if (online && this.#offline && waiting) lines.push(t.backOnline);
    this.#offline = !online;
    const seen = new Set<string>();
    for (const task of tasks) {
      seen.add(task.id);
      const kind = task.condition?.kind;
      const before = this.#kinds.get(task.id);
      if (kind === undefined) {
        this.#kinds.delete(task.id);
        continue;
      }
      this.#kinds.set(task.id, kind);
      if (kind === before || kind === 'waiting-for-network') continue;
      const key = `${task.id} ${kind}`;
      if (now - (this.#spokenAt.get(key) ?? -Infinity) < REPEAT_MS) continue;
      this.#spokenAt.set(key, now);
      lines.push(t.conditionBegan(task.name, kind));
    }
    for (const id of this.#kinds.keys()) if (!seen.has(id)) this.#kinds.delete(id);
    for (const key of this.#spokenAt.keys()) if (!seen.has(key.split(' ')[0] ?? '')) this.#spokenAt.delete(key);
    return lines;
  }
}
