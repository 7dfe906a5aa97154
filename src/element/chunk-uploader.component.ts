import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { UploaderEvent, UploaderEventMap } from '../core/events.js';
import type { InterruptedUpload } from '../core/journal-maintenance.js';
import type { TaskSnapshot } from '../core/task-snapshot.js';
import { Uploader } from '../core/uploader.js';
import type { Signer } from '../contracts/signer.js';
import type { Target } from '../contracts/target.js';
import type { SignerHeaders } from '../core/http-signer.js';
import { announcementFor } from './announce.js';
import { ConditionAnnouncer } from './condition-announcer.js';
import { isOnline, onNetworkChange } from '../core/network.js';
import { actOnRow, clearFinished, nextFrame, refocusAfterList, retryFailed } from './row-actions.js';
import { SecondClock } from './second-clock.js';
import { Thumbnails } from './thumbnails.js';
import { listActions } from './templates/list-actions.js';
import { styles } from './chunk-uploader.styles.js';
import { rowStyles } from './file-row.styles.js';
import type { ConfigErrorEvent } from './config-error-event.js';
import { ELEMENT_PROPERTIES } from './element-properties.js';
import type { IncomingFile } from './file-intake.js';
import { FileIntakeHandlers } from './file-intake-handlers.js';
import { parseMaxFiles, withinLimit } from './file-limit.js';
import { FormControlElement } from './form-control-element.js';
import { MessageController } from './message-controller.js';
import { pickTranslation } from './i18n/localize.js';
import type { Translation } from './i18n/translation.js';
import {
  DEFAULT_TUNING,
  engineOptions,
  resolveSettings,
  sameValues,
  type ElementInputs,
  type EngineExtras,
} from './settings.js';
import { dropZone } from './templates/drop-zone.js';
import { InterruptedChangeEvent } from './interrupted-change-event.js';
import { JournalController } from './journal-controller.js';
import { ticks, type RowAction } from './templates/file-row.js';
import { fileList } from './templates/file-list.js';
import { interruptedList, type InterruptedAction } from './templates/interrupted-list.js';
import { journalNotice, messages } from './templates/messages.js';
import { TargetAttributeWatcher, targetAttributeNames } from './target-attributes.js';
import { summary } from './templates/summary.js';
import { UploaderController } from './uploader-controller.js';

/** Sentences the live region keeps; older ones are dropped (removals are not announced). */
const LIVE_LINES = 3;

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
export class ChunkUploader extends FormControlElement {
  static override styles = [styles, rowStyles];

  /*
   * Note: reactive properties are declared through `static properties` with `declare` fields
   * and set in the constructor, not with decorators: that compiles the same under tsc, esbuild
   * and Vite whatever each makes of experimentalDecorators and useDefineForClassFields.
   */
  static override properties = ELEMENT_PROPERTIES;

  /**
   * The targets an element knows when its `targets` property is not set. The default entry
   * (`chunk-uploader.js`) fills it with every built-in target.
   */
  static defaultTargets: readonly Target[] = [];

  /** Lit's attributes, and those of the default targets (set before the element is defined). */
  static override get observedAttributes(): string[] {
    return [...super.observedAttributes, ...targetAttributeNames(this.defaultTargets)];
  }

  /** The storage targets `provider` chooses from (property only). Default `ChunkUploader.defaultTargets`. */
  declare targets: readonly Target[] | undefined;
  /** Storage target: the name of one of `targets` (`oss`, `s3`, …); optional when there is only one. */
  declare provider: string | undefined;
  /** Base URL of the signer JSON API; the element POSTs to `<endpoint>/<op>`. */
  declare endpoint: string | undefined;
  /** A signing function used instead of `endpoint` (property only). */
  declare signer: Signer | undefined;
  /**
   * `signer-credentials`: `include` sends the page's cookies to a signer on another origin
   * (its CORS answer must allow credentials for this origin); default `same-origin`.
   */
  declare signerCredentials: string | undefined;
  /**
   * Headers for every request to `endpoint` (property only): an object, or a function
   * `({ refresh, op }) => headers` asked before each request and again with `refresh: true`
   * after a 401. Never logged, journaled, put into events or error messages.
   */
  declare signerHeaders: SignerHeaders | undefined;
  /** Lets the picker, drops and pastes take several files at once. */
  declare multiple: boolean;
  /** The picker chooses a folder; its files are added recursively, each with `webkitRelativePath`. */
  declare directory: boolean;
  /** `document`: files pasted anywhere in the page are added. Else only while the element has focus. */
  declare paste: string | undefined;
  /** Most files the list takes (canceled ones do not count); the rest are turned away with a message. */
  declare maxFiles: number | string | undefined;
  /** Like `<input accept>`: `.mp4,video/*`. Files that do not match are turned away. */
  declare accept: string;
  /** Connections shared by all files, 1 to 16 (default 4). Applied live to running uploads. */
  declare concurrency: number | string | undefined;
  /** Preferred part size: bytes, or `8MiB`, `5MB`, … The storage's limits may raise it. */
  declare partSize: number | string | undefined;
  /** Largest file accepted: bytes, or `100MiB`, `2GB`, … Default: the storage's limit. */
  declare maxFileSize: number | string | undefined;
  /** Where storage requests may go (`https://bucket.example.com https://*.example.com`); default anywhere. */
  declare uploadOrigins: string | undefined;
  /** Stops picking and dropping (running uploads and row buttons keep working). */
  declare disabled: boolean;
  /** The form field name: the form gets one entry per uploaded file, its object key. */
  declare name: string;
  /** The form cannot be submitted until at least one file is uploaded. */
  declare required: boolean;
  /** Language of the element's text; else the closest `[lang]`, else the browser's. */
  declare lang: string;
  /** The object key to ask the backend for, per file (property only). */
  declare objectKey: ((file: File) => string | undefined) | undefined;
  /** Further engine options: retry, timeouts, integrity, transport, … (property only). */
  declare options: EngineExtras | undefined;
  /** Reports the whole file's MD5 in the success event (`result.fileMd5`), hashed in the same pass as the parts. */
  declare fileMd5: boolean;
  /**
   * Target options no attribute covers (Qiniu `customVars`, `metadata`); the target's own
   * attributes (`upload-hosts`, `slice-size`, …, see each target's `attributes`) win (property only).
   */
  declare providerOptions: object | undefined;

  declare private _live: readonly { readonly id: number; readonly text: string }[];

  // Engines released while the element was out of the page are made again when it comes back.
  #controller = new UploaderController(this, (event) => this.#onEngineEvent(event), () => void (this.#applied = this.#built = undefined));
  #journal = new JournalController(this, {
    changed: (uploads, first) => {
      if (first && uploads.length > 0) this.#announce(this.translation().interruptedFound(uploads.length));
      this.dispatchEvent(new InterruptedChangeEvent({ uploads }));
    },
    fellBack: () => this.#announce(this.translation().journalFallback),
  });
  #applied: ElementInputs | undefined;
  #built: Omit<ElementInputs, 'concurrency'> | undefined;
  #tuning = DEFAULT_TUNING;
  #liveId = 0;
  #intake = new FileIntakeHandlers(this);
  #langObserver: MutationObserver | undefined;
  #clock = new SecondClock(this);
  #conditions = new ConditionAnnouncer();
  #thumbs = new Thumbnails(() => this.requestUpdate());
  #stopWatchingNetwork: (() => void) | undefined;
  #messages = new MessageController(this, (text) => this.#announce(text), () => this.translation());
  #targetAttributes = new TargetAttributeWatcher(this, () => this.targets ?? ChunkUploader.defaultTargets);

  constructor() {
    super();
    this.multiple = false;
    this.directory = false;
    this.accept = '';
    this.disabled = false;
    this.name = '';
    this.required = false;
    this.lang = '';
    this.fileMd5 = false;
    this._live = [];
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
    this.#messages.notices = [];
    const engine = this.#controller.current;
    if (engine === undefined) {
      this.#messages.refuseAdd();
      return [];
    }
    const max = parseMaxFiles(this.maxFiles);
    const { fit, turnedAway } = withinLimit(Array.from(files), max.limit, this.#controller.tasks);
    if (max.bad) this.#messages.notices = [{ kind: 'bad-max-files', value: String(this.maxFiles) }];
    if (turnedAway > 0 && max.limit !== undefined) {
      this.#messages.notices = [{ kind: 'too-many', turnedAway, limit: max.limit }];
      this.#announce(this.translation().tooManyFiles(turnedAway, max.limit));
    }
    const added = engine.add(fit);
    this.#thumbs.wantAll(added, fit);
    if (added.length > 0) this.#announce(this.translation().filesAdded(added.length));
    return added;
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
    this.#langObserver = new MutationObserver(() => this.requestUpdate());
    this.#langObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
    this.#stopWatchingNetwork = onNetworkChange(() => this.requestUpdate());
    this.#targetAttributes.watch();
  }

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    super.attributeChangedCallback(name, old, value);
    if (old !== value && this.#targetAttributes.concerns(name)) this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#langObserver?.disconnect();
    this.#stopWatchingNetwork?.();
    this.#intake.listenForPaste(undefined);
    this.#targetAttributes.stop();
  }

  /** Renders at most once per animation frame (`updateComplete` still resolves after it). */
  protected override async scheduleUpdate(): Promise<void> {
    await nextFrame();
    super.scheduleUpdate();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('targets') && this.isConnected) this.#targetAttributes.watch();
    this.#sync();
    this.#journal.track(this.#controller.current, this.options?.persist !== false);
    this.#intake.listenForPaste(this.paste === 'document' ? document : this);
    this.#thumbs.keepOnly(this.#controller.tasks);
    for (const line of this.#conditions.update(this.#controller.tasks, isOnline(), this.translation())) this.#announce(line);
  }

  protected override render(): TemplateResult {
    const t = this.translation();
    const tasks = this.#controller.tasks;
    const act = (action: RowAction, id: string): void => actOnRow(this, this.#controller, action, id);
    const now = Date.now();
    const second = this.#clock.second;
    this.#clock.keep(tasks.some(ticks));
    // A file resumed here leaves the list at once, before the journal is read again.
    const listed = new Set(tasks.map((task) => task.fingerprint));
    const interrupted = this.#journal.items.filter((upload) => !listed.has(upload.fingerprint));
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
        ${fileList(tasks, t, { now, second }, act, (id) => this.#thumbs.get(id))}
        <div class="visually-hidden" role="status" aria-live="polite" aria-relevant="additions">
          ${repeat(this._live, (line) => line.id, (line) => html`<p>${line.text}</p>`)}
        </div>
      </div>
    `;
  }



  /** Applies changed settings: live where the engine allows, else with a new engine. */
  #sync(): void {
    const inputs: ElementInputs = {
      targets: this.targets ?? ChunkUploader.defaultTargets,
      provider: this.provider,
      targetAttributes: this.#targetAttributes.read(),
      endpoint: this.endpoint,
      signer: this.signer,
      signerCredentials: this.signerCredentials,
      signerHeaders: this.signerHeaders,
      concurrency: this.concurrency,
      partSize: this.partSize,
      maxFileSize: this.maxFileSize,
      uploadOrigins: this.uploadOrigins,
      accept: this.accept,
      objectKey: this.objectKey,
      options: this.options,
      fileMd5: this.fileMd5,
      providerOptions: this.providerOptions,
    };
    if (this.#applied !== undefined && sameValues(inputs, this.#applied)) return;
    this.#applied = inputs;
    const settings = resolveSettings(inputs, this.#tuning);
    this.#tuning = settings.tuning;
    this.#messages.setProblems(settings.problems);
    const { concurrency: _ignored, ...buildKey } = inputs;
    const built = this.#built;
    if (settings.route === undefined) {
      this.#built = undefined;
      this.#controller.use(undefined);
    } else if (built !== undefined && this.#controller.current !== undefined && sameValues(buildKey, built)) {
      for (const engine of this.#controller.engines) engine.concurrency = settings.tuning.concurrency;
    } else {
      try {
        const engine = new Uploader(engineOptions(settings.route, settings.tuning, inputs));
        this.#built = buildKey;
        this.#messages.setRefusal(undefined);
        this.#controller.use(engine);
      } catch (error) {
        // The last engine that could be made stays in charge.
        this.#messages.setRefusal(error);
      }
    }
  }

  #onEngineEvent(event: UploaderEvent<unknown>): void {
    const t = this.translation();
    if (event.type === 'chunk-journal-fallback') {
      if (event.target instanceof Uploader) this.#journal.fallBack(event.target);
      return;
    }
    // A task that starts, ends or takes over may be one the list shows: read it again.
    if (event.type === 'chunk-upload-state') this.#journal.refresh();
    if (event.type === 'chunk-file-reject') {
      const { file, reason } = (event as UploaderEventMap['chunk-file-reject']).detail;
      const limit = Math.min(this.#tuning.maxFileSize ?? Number.MAX_SAFE_INTEGER, this.#controller.current?.target.limits.maxObjectSize ?? Number.MAX_SAFE_INTEGER);
      this.#announce(this.#messages.rejected(file.name, reason.code, limit, t));
      return;
    }
    const line = announcementFor(event, t);
    if (line !== undefined) this.#announce(line);
  }

  #announce(text: string): void {
    this.#liveId += 1;
    this._live = [...this._live, { id: this.#liveId, text }].slice(-LIVE_LINES);
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
