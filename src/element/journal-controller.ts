import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { InterruptedUpload } from '../core/journal-maintenance.js';
import type { TaskSnapshot } from '../core/task-snapshot.js';
import type { Uploader } from '../core/uploader.js';
import type { Translation } from './i18n/translation.js';
import type { Notice } from './templates/messages.js';

/** How often the ages in the list ("5 minutes ago") are rewritten while it shows anything. */
const AGE_TICK_MS = 30_000;

export interface JournalListener {
  /** The list was read or changed; `first` is true for the first list of an engine. */
  changed(uploads: readonly InterruptedUpload[], first: boolean): void;
  /** The current engine keeps its journal in memory although persistence was wanted. */
  fellBack(): void;
}

/**
 * What a Resume click came to: the file is uploading again, the page vetoed it or it was turned
 * away (`offered`; those say so themselves), reading it again was not allowed (`refused`), or
 * it no longer opens (`missing`: moved, deleted, changed), or a click before is still at it (`busy`).
 */
export type ResumeOutcome = 'resumed' | 'offered' | 'refused' | 'missing' | 'busy';

/**
 * The journal as the element shows it: the uploads a previous page or a crashed browser left
 * unfinished, and whether the journal survives a reload at all.
 *
 * The first time the element is connected with an engine, the journal is pruned (old entries'
 * server uploads aborted, vanished sessions forgotten) and then listed. The list is read again
 * when the engine's tasks change (a resumed file leaves it) and when the page becomes visible
 * (another tab may have finished one). Nothing here throws: a journal or backend that fails
 * leaves the last list in place.
 */
export class JournalController implements ReactiveController {
  #host: ReactiveControllerHost;
  #listener: JournalListener;
  #engine: Uploader | undefined;
  #items: readonly InterruptedUpload[] = [];
  /**
   * Entries a Resume click is working on or has turned into a task: hidden at once, so the
   * entry does not linger (or get clicked twice) until the task is known by its fingerprint.
   */
  #taken = new Set<string>();
  /** Engines whose journal was pruned and listed once already. */
  #seen = new WeakSet<Uploader>();
  #fellBack = false;
  #loading = false;
  #again = false;
  #connected = false;
  #ticker: ReturnType<typeof setInterval> | undefined;

  constructor(host: ReactiveControllerHost, listener: JournalListener) {
    this.#host = host;
    this.#listener = listener;
    host.addController(this);
  }

  get items(): readonly InterruptedUpload[] {
    return this.#taken.size === 0 ? this.#items : this.#items.filter((item) => !this.#taken.has(item.fingerprint));
  }

  /**
   * The `items` whose file is not in `tasks`: a file resumed here leaves the interrupted list at
   * once, before the journal is read again.
   */
  unlisted(tasks: readonly TaskSnapshot[]): readonly InterruptedUpload[] {
    const items = this.items;
    if (items.length === 0) return items;
    const listed = new Set(tasks.map((task) => task.fingerprint));
    return items.filter((upload) => !listed.has(upload.fingerprint));
  }

  /**
   * Hears that one of the page's tasks changed state. The list is read again when the change may
   * touch it: it lists something (a task may take over an entry, or find it stale and drop it), or
   * a read is under way whose answer may be older than the change. An empty list is not read
   * again: entries this page's tasks write are hidden while those tasks are listed, and a batch's
   * state changes would otherwise read it in a loop.
   */
  taskMoved(): void {
    if (this.#loading || this.#items.length > 0) this.refresh();
  }

  /** True while the current engine's journal lives in memory only. */
  get fellBack(): boolean {
    return this.#fellBack;
  }

  /**
   * Follows the element's current engine: a new engine has a list and a journal of its own.
   * `wantsPersistence` is false when the page chose `persist: false` (no notice then).
   */
  track(engine: Uploader | undefined, wantsPersistence: boolean): void {
    if (engine === this.#engine) return;
    this.#engine = engine;
    this.#fellBack = false;
    this.#set([], false);
    this.refresh();
    // Note: the fallback event may fire before the element listens (an engine made while
    // disconnected), so the journal is also asked once it has opened.
    engine?.persistent().then(
      (persistent) => {
        if (!persistent && wantsPersistence && engine === this.#engine) this.fallBack(engine);
      },
      () => undefined,
    );
  }

  /** The engine fired `chunk-journal-fallback`. */
  fallBack(engine: Uploader): void {
    if (engine !== this.#engine || this.#fellBack) return;
    this.#fellBack = true;
    this.#listener.fellBack();
    this.#host.requestUpdate();
  }

  /** Reads the list again (at most one read at a time; a request meanwhile reads once more). */
  refresh(): void {
    const engine = this.#engine;
    if (!this.#connected || engine === undefined) return;
    if (this.#loading) {
      this.#again = true;
      return;
    }
    this.#loading = true;
    void this.#load(engine).finally(() => {
      this.#loading = false;
      if (!this.#again) return;
      this.#again = false;
      this.refresh();
    });
  }

  /**
   * Re-opens the file from its stored handle and continues it. Call it straight from the click:
   * the browser may ask the user to allow reading the file again.
   */
  async resume(upload: InterruptedUpload): Promise<ResumeOutcome> {
    const engine = this.#engine;
    if (engine === undefined) return 'refused';
    if (this.#taken.has(upload.fingerprint)) return 'busy';
    this.#taken.add(upload.fingerprint);
    this.#host.requestUpdate();
    let outcome: ResumeOutcome;
    let offered = false;
    const mark = (): void => {
      offered = true;
    };
    engine.addEventListener('chunk-file-add', mark);
    engine.addEventListener('chunk-file-reject', mark);
    try {
      const task = await engine.resumeInterrupted(upload.fingerprint);
      outcome = task !== undefined ? 'resumed' : offered ? 'offered' : 'refused';
    } catch {
      outcome = 'missing';
    } finally {
      engine.removeEventListener('chunk-file-add', mark);
      engine.removeEventListener('chunk-file-reject', mark);
    }
    // Only a file that is uploading again leaves the list; anything else shows it again.
    if (outcome !== 'resumed') this.#taken.delete(upload.fingerprint);
    this.#host.requestUpdate();
    this.refresh();
    return outcome;
  }

  /** A click on an entry's button: what to show and say about it afterwards. */
  async act(action: 'resume' | 'discard', upload: InterruptedUpload, t: Translation): Promise<{ readonly notice?: Notice; readonly sentence?: string }> {
    if (action === 'discard') return (await this.discard(upload)) ? { sentence: t.discarded(upload.name) } : {};
    const outcome = await this.resume(upload);
    if (outcome === 'resumed') return { sentence: t.filesAdded(1) };
    if (outcome === 'refused') return { notice: { kind: 'resume-refused', name: upload.name }, sentence: t.resumeRefused(upload.name) };
    if (outcome === 'missing') return { notice: { kind: 'resume-missing', name: upload.name }, sentence: t.resumeMissing(upload.name) };
    return {};
  }

  /** Aborts the upload's server session and forgets it; false when that could not be done. */
  async discard(upload: InterruptedUpload): Promise<boolean> {
    const engine = this.#engine;
    if (engine === undefined) return false;
    this.#set(
      this.#items.filter((item) => item.fingerprint !== upload.fingerprint),
      false,
    );
    try {
      await engine.discardInterrupted(upload.fingerprint);
      return true;
    } catch {
      // Note: the entry stays in the journal; the next read shows it again.
      return false;
    } finally {
      this.refresh();
    }
  }

  hostConnected(): void {
    this.#connected = true;
    document.addEventListener('visibilitychange', this.#onVisibility);
    this.#ticker = setInterval(() => {
      if (this.#items.length > 0) this.#host.requestUpdate();
    }, AGE_TICK_MS);
    this.refresh();
  }

  hostDisconnected(): void {
    this.#connected = false;
    document.removeEventListener('visibilitychange', this.#onVisibility);
    clearInterval(this.#ticker);
    this.#ticker = undefined;
  }

  #onVisibility = (): void => {
    if (document.visibilityState === 'visible') this.refresh();
  };

  async #load(engine: Uploader): Promise<void> {
    const first = !this.#seen.has(engine);
    this.#seen.add(engine);
    try {
      // Note: pruned before listing, so nothing is offered whose server upload is gone.
      if (first) await engine.prune().catch(() => undefined);
      const items = await engine.interrupted();
      if (engine === this.#engine) this.#set(items, first);
    } catch {
      // Note: an unreadable journal offers nothing to resume; uploads themselves still work.
      // The first read still reports its (empty) list, so a page waiting for it is not stuck.
      if (first && engine === this.#engine) this.#set([], true);
    }
  }

  #set(items: readonly InterruptedUpload[], first: boolean): void {
    const same =
      items.length === this.#items.length &&
      items.every((item, i) => {
        const old = this.#items[i];
        return (
          old !== undefined &&
          old.fingerprint === item.fingerprint &&
          old.loaded === item.loaded &&
          old.updatedAt === item.updatedAt &&
          old.hasHandle === item.hasHandle &&
          old.activeElsewhere === item.activeElsewhere
        );
      });
    this.#items = items;
    // A resumed entry the journal no longer lists needs no hiding any more.
    for (const fingerprint of this.#taken) if (!items.some((item) => item.fingerprint === fingerprint)) this.#taken.delete(fingerprint);
    if (same && !first) return;
    this.#listener.changed(items, first);
    this.#host.requestUpdate();
  }
}
