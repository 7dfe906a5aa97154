import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import type { UploaderEvent, UploaderEventMap } from '../core/events.js';
import type { InterruptedUpload } from '../core/journal-maintenance.js';
import { isOnline } from '../core/network.js';
import type { TaskSnapshot } from '../core/task-snapshot.js';
import type { Uploader } from '../core/uploader.js';
import type { Target } from '../contracts/target.js';
import { ChunkUploaderProperties } from './chunk-uploader.properties.js';
import { styles } from './chunk-uploader.styles.js';
import { ConditionAnnouncer } from './condition-announcer.js';
import type { ConfigErrorEvent } from './config-error-event.js';
import { EngineBuilder } from './engine-builder.js';
import { reactToEngineEvent } from './engine-event-reactions.js';
import { admitFiles } from './file-admission.js';
import type { IncomingFile } from './file-intake.js';
import { FileIntakeHandlers } from './file-intake-handlers.js';
import { rowStyles } from './file-row.styles.js';
import { pickTranslation } from './i18n/localize.js';
import type { Translation } from './i18n/translation.js';
import { InterruptedChangeEvent } from './interrupted-change-event.js';
import { JournalController } from './journal-controller.js';
import { ListFolding } from './list-window.js';
import { LiveRegion } from './live-region.js';
import { MessageController } from './message-controller.js';
import { PageChanges } from './page-changes.js';
import { actOnRow, clearFinished, refocusAfterList, retryFailed } from './row-actions.js';
import { SecondClock } from './second-clock.js';
import { TargetAttributeWatcher, targetAttributeNames } from './target-attributes.js';
import { Thumbnails } from './thumbnails.js';
import { warmTemplatesWhenIdle } from './template-warmup.js';
import { dropZone } from './templates/drop-zone.js';
import { fileList } from './templates/file-list.js';
import { ticks, type RowAction } from './templates/file-row.js';
import { interruptedList, type InterruptedAction } from './templates/interrupted-list.js';
import { listActions } from './templates/list-actions.js';
import { journalNotice, messages } from './templates/messages.js';
import { summary } from './templates/summary.js';
import { UploaderController } from './uploader-controller.js';

/**
 * @summary Uploads large files from the browser straight to object storage, in parts. The
 * element is UI only: it makes an `Uploader` from its attributes and forwards the user's intent.
 *
 * @event chunk-file-add - Files passed validation, before queueing. Cancelable: `preventDefault()` vetoes them. detail: `{ files }`
 * @event chunk-file-reject - A file failed validation (size, type). detail: `{ file, reason }`
 * @event chunk-upload-start - A task left `queued`. detail: `{ task }`
 * @event chunk-upload-state - Any state transition. detail: `{ task, from, to }`
 * @event chunk-upload-progress - Bytes moved or the row's condition changed, about ten per second per task at most. detail: `{ task, loaded, total, bytesPerSecond, etaMs }`
 * @event chunk-part-complete - The storage acknowledged a part. detail: `{ task, part }`
 * @event chunk-upload-retry - A request failed and will be retried. detail: `{ task, attempt, delayMs, error }`
 * @event chunk-upload-success - The storage confirmed the whole object. detail: `{ task, result }`
 * @event chunk-upload-error - A terminal failure; the user may retry. detail: `{ task, error }`
 * @event chunk-queue-complete - No task is queued or active any more. detail: `{ succeeded, failed, canceled }`
 * @event chunk-journal-fallback - IndexedDB is missing, blocked or full: uploads go on from memory and will not survive a reload; the element shows a notice. detail: `{ reason }`
 * @event chunk-config-error - An attribute or property value was refused. detail: `{ attribute, value, error }`
 * @event chunk-interrupted-change - The list of unfinished uploads a previous page left was read (at startup, after pruning) or changed. detail: `{ uploads }`
 *
 * @csspart base - The wrapper around everything.
 * @csspart drop-zone - The drop area; its face is the button that opens the file picker.
 * @csspart summary - Counts, the total bar and the batch's bytes, speed and time left.
 * @csspart list-actions - Retry all and Clear finished.
 * @csspart file-list - The list of files.
 * @csspart file - One file's row.
 * @csspart folded - In a list of more than 50 files, a run of rows not shown, with its counts and a Show more button.
 * @csspart preview - A row's image preview, or its file-type icon.
 * @csspart progress - A file's progress track (`role=progressbar`).
 * @csspart actions - The buttons of one row.
 * @csspart button - Each row button (pause, resume, retry, cancel, remove).
 * @csspart message - Refused settings, turned-away files, files that could not be re-opened.
 * @csspart notice - Uploads will not survive a reload (the browser keeps no journal).
 * @csspart interrupted - The list of unfinished uploads a previous page left, with its title.
 * @csspart interrupted-list - That list (also part `file-list`).
 * @csspart interrupted-file - One unfinished upload (also part `file`).
 *
 * Every colour below has a light default and a dark one (`prefers-color-scheme: dark`); a value
 * the page sets wins over both.
 *
 * @cssproperty --accent-color - Links, focus ring, progress. Default `#2563eb`.
 * @cssproperty --text-color - Main text. Default `#1f2937`.
 * @cssproperty --muted-color - Sizes, states, summary. Default `#4b5563`.
 * @cssproperty --background - Rows and buttons. Default `#ffffff`.
 * @cssproperty --border-color - Drop zone, rows, buttons. Default `#c7cdd6`.
 * @cssproperty --border-radius - Corners. Default `0.5rem`.
 * @cssproperty --gap - Space between blocks and rows. Default `0.75rem`.
 * @cssproperty --font - Font shorthand. Default `inherit`.
 * @cssproperty --drop-zone-background - Drop zone at rest. Default `#f8fafc`.
 * @cssproperty --drop-zone-active-background - Drop zone while files are dragged over it. Default `#e0ecff`.
 * @cssproperty --track-color - Unfilled progress. Default `#e5e7eb`.
 * @cssproperty --indicator-color - Filled progress. Default `var(--accent-color)`.
 * @cssproperty --success-color - Finished progress. Default `#15803d`.
 * @cssproperty --error-color - Failures and messages. Default `#b91c1c`.
 * @cssproperty --warning-color - Notices; the bar of a row retrying, stalled or offline. Default `#b45309`.
 * @cssproperty --stopped-color - The bar of a paused or canceled row. Default `#6b7280`.
 * @cssproperty --progress-height - Height of the progress track. Default `0.5rem`.
 * @cssproperty --focus-ring - Outline of focused controls. Default `3px solid var(--accent-color)`.
 */
export class ChunkUploader extends ChunkUploaderProperties {
  static override styles = [styles, rowStyles];

  /**
   * The targets an element knows when its `targets` property is not set. The default entry
   * (`chunk-uploader.js`) fills it with every built-in target.
   */
  static defaultTargets: readonly Target[] = [];

  /** Lit's attributes, and those of the default targets (set before the element is defined). */
  static override get observedAttributes(): string[] {
    return [...super.observedAttributes, ...targetAttributeNames(this.defaultTargets)];
  }

  // Engines released while the element was out of the page are made again when it comes back.
  #controller = new UploaderController(this, (event) => this.#onEngineEvent(event), () => this.#engines.forget());
  #journal = new JournalController(this, {
    changed: (uploads, first) => {
      if (first && uploads.length > 0) this.#announce(this.translation().interruptedFound(uploads.length));
      this.dispatchEvent(new InterruptedChangeEvent({ uploads }));
    },
    fellBack: () => this.#announce(this.translation().journalFallback),
  });
  #intake = new FileIntakeHandlers(this);
  #clock = new SecondClock(this);
  #conditions = new ConditionAnnouncer();
  #thumbs = new Thumbnails(() => this.requestUpdate());
  #messages = new MessageController(this, (text) => this.#announce(text), () => this.translation());
  #targetAttributes = new TargetAttributeWatcher(this, () => this.targets ?? ChunkUploader.defaultTargets);
  #engines = new EngineBuilder(this.#controller, this.#messages);
  #live = new LiveRegion(this);
  #folding = new ListFolding(this);
  #listed: readonly TaskSnapshot[] = []; // Read once per render: several parts use it, and a batch's list is long.

  constructor() {
    super();
    this.addController(new PageChanges(this));
  }

  /** `disabled`, or inside a disabled fieldset or form: no picking, dropping or pasting. */
  get intakeDisabled(): boolean {
    return this.disabled || this.formDisabled;
  }

  /** The form was reset: running uploads are canceled and the list is emptied. */
  override formResetCallback(): void {
    void this.cancelAll();
    for (const task of this.#controller.tasks) this.#controller.ownerOf(task.id)?.remove(task.id);
    this.#controller.prune();
    this.#messages.notices = [];
    this.requestUpdate();
  }

  /** The translation in force (the element's `lang`, the closest ancestor's, the browser's). */
  override translation(): Translation {
    const documentLang = this.lang !== '' ? this.lang : (this.closest('[lang]:not([lang=""])')?.getAttribute('lang') ?? undefined);
    return pickTranslation(documentLang, navigator.languages ?? [navigator.language]);
  }

  /** The engine new files go to; undefined while the settings cannot make one. */
  get uploader(): Uploader | undefined {
    this.#sync();
    return this.#controller.current;
  }

  /** Frozen snapshots of every listed file, in the order they were added. */
  get tasks(): readonly TaskSnapshot[] {
    return this.#controller.tasks;
  }

  protected override listedTasks(): readonly TaskSnapshot[] {
    return this.#listed;
  }

  /**
   * Unfinished uploads a previous page or a crashed browser left, for the current provider and
   * endpoint: picking or dropping the same file again continues one.
   */
  get interrupted(): readonly InterruptedUpload[] {
    return this.#journal.items;
  }

  /**
   * Queues files as if picked; returns snapshots of those accepted (none when vetoed). A file
   * may come with its `FileSystemFileHandle` (`{ file, handle }`), which lets an interrupted
   * upload be resumed later with one click instead of finding the file again.
   */
  addFiles(files: Iterable<IncomingFile> | ArrayLike<IncomingFile>): readonly TaskSnapshot[] {
    this.#sync();
    return admitFiles(Array.from(files), this.maxFiles, this.#controller, this.#messages, this.#thumbs, this.translation(), (text) => this.#announce(text));
  }

  pauseAll(): void {
    for (const engine of this.#controller.engines) engine.pause();
  }

  /** Continues paused files and retries failed ones. */
  resumeAll(): void {
    for (const engine of this.#controller.engines) engine.resume();
  }

  /** Sends every failed file again (paused ones stay paused). */
  retryAll(): void {
    retryFailed(this.#controller);
  }

  /** Takes the uploaded and canceled files off the list. */
  clearFinished(): void {
    clearFinished(this.#controller);
    this.requestUpdate();
  }

  /** Cancels every file; resolves when the storage was told to drop the partial uploads. */
  async cancelAll(): Promise<void> {
    await Promise.all(this.#controller.engines.map((engine) => engine.cancel()));
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#targetAttributes.watch();
    warmTemplatesWhenIdle(() => this.translation());
  }

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    super.attributeChangedCallback(name, old, value);
    if (old !== value && this.#targetAttributes.concerns(name)) this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#intake.listenForPaste(undefined);
    this.#targetAttributes.stop();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('targets') && this.isConnected) this.#targetAttributes.watch();
    this.#sync();
    this.#journal.track(this.#controller.current, this.options?.persist !== false);
    this.#intake.listenForPaste(this.paste === 'document' ? document : this);
    this.#listed = this.#controller.tasks;
    this.#thumbs.keepOnly(this.#listed);
    for (const line of this.#conditions.update(this.#listed, isOnline(), this.translation())) this.#announce(line);
  }

  protected override render(): TemplateResult {
    const t = this.translation();
    const tasks = this.#listed;
    const act = (action: RowAction, id: string): void => actOnRow(this, this.#controller, action, id);
    const now = Date.now();
    const second = this.#clock.second;
    this.#clock.keep(tasks.some(ticks));
    const interrupted = this.#journal.unlisted(tasks);
    return html`
      <div part="base" class="base">
        ${dropZone(
          { t, multiple: this.multiple, directory: this.directory, disabled: this.intakeDisabled, dragOver: this.hasAttribute('drag-over'), accept: this.accept },
          this.#intake,
        )}
        ${isOnline() ? nothing : html`<p part="notice" class="notice offline" dir=${t.$dir}>${t.offline}</p>`}
        ${journalNotice(t, this.#journal.fellBack)} ${messages(this.#messages.lines(t), t.$dir)}
        ${interruptedList(interrupted, t, now, (action, upload) => void this.#actInterrupted(action, upload))} ${summary(tasks, t)}
        ${listActions(tasks, t, (action) => {
          if (action === 'retry-all') this.retryAll();
          else this.clearFinished();
          refocusAfterList(this);
        })}
        ${fileList(this.#folding.entries(tasks), tasks.length, t, { now, second }, { act, preview: (id) => this.#thumbs.get(id), reveal: (ids) => this.#folding.reveal(ids) })}
        ${this.#live.render()}
      </div>
    `;
  }

  /** Applies changed settings: live where the engine allows, else with a new engine. */
  #sync(): void {
    this.#engines.apply(this.settingsInputs(this.targets ?? ChunkUploader.defaultTargets, this.#targetAttributes.read()));
  }

  #onEngineEvent(event: UploaderEvent<unknown>): void {
    const maxFileSize = (): number => Math.min(this.#engines.tuning.maxFileSize ?? Number.MAX_SAFE_INTEGER, this.#controller.current?.target.limits.maxObjectSize ?? Number.MAX_SAFE_INTEGER);
    this.asEngine(() => reactToEngineEvent(event, this.#journal, this.#messages, maxFileSize, () => this.translation(), (text) => this.#announce(text)));
  }

  #announce(text: string): void {
    this.#live.announce(text);
  }

  /** Called straight from the click, so the browser can ask for permission to read the file. */
  async #actInterrupted(action: InterruptedAction, upload: InterruptedUpload): Promise<void> {
    this.#messages.notices = [];
    const outcome = await this.#journal.act(action, upload, this.translation());
    if (outcome.notice !== undefined) this.#messages.notices = [outcome.notice];
    if (outcome.sentence !== undefined) this.#announce(outcome.sentence);
  }
}

declare global {
  interface GlobalEventHandlersEventMap extends UploaderEventMap {
    'chunk-config-error': ConfigErrorEvent;
    'chunk-interrupted-change': InterruptedChangeEvent;
  }
}
