import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { UploaderEvent, UploaderEventMap } from '../core/events.js';
import type { InterruptedUpload } from '../core/journal-maintenance.js';
import type { TaskSnapshot } from '../core/task-snapshot.js';
import { Uploader } from '../core/uploader.js';
import type { Signer } from '../contracts/signer.js';
import type { Target } from '../contracts/target.js';
import type { SignerHeaders } from '../core/http-signer.js';
import { UploadError } from '../transport/upload-error.js';
import { announcementFor } from './announce.js';
import { styles } from './chunk-uploader.styles.js';
import { ConfigErrorEvent } from './config-error-event.js';
import { ELEMENT_PROPERTIES } from './element-properties.js';
import type { IncomingFile } from './file-intake.js';
import { FileIntakeHandlers } from './file-intake-handlers.js';
import { formatBytes, pickTranslation } from './i18n/localize.js';
import type { RejectReason, Translation } from './i18n/translation.js';
import {
  DEFAULT_TUNING,
  engineOptions,
  resolveSettings,
  sameValues,
  type ElementInputs,
  type EngineExtras,
  type Problem,
} from './settings.js';
import { dropZone } from './templates/drop-zone.js';
import { InterruptedChangeEvent } from './interrupted-change-event.js';
import { JournalController } from './journal-controller.js';
import { fileRow, type RowAction } from './templates/file-row.js';
import { interruptedList, type InterruptedAction } from './templates/interrupted-list.js';
import { journalNotice, messageLines, messages, problemText, type Notice } from './templates/messages.js';
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
 * @event chunk-upload-progress - Bytes moved, about ten per second per task at most. detail: `{ task, loaded, total }`
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
 * @csspart file-list - The list of files.
 * @csspart file - One file's row.
 * @csspart progress - A file's progress track (`role=progressbar`).
 * @csspart actions - The buttons of one row.
 * @csspart button - Each row button (pause, resume, retry, cancel, remove).
 * @csspart message - Refused settings, turned-away files, files that could not be re-opened.
 * @csspart notice - Uploads will not survive a reload (the browser keeps no journal).
 * @csspart interrupted - The list of unfinished uploads a previous page left, with its title.
 * @csspart interrupted-list - That list (also part `file-list`).
 * @csspart interrupted-file - One unfinished upload (also part `file`).
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
 * @cssproperty --warning-color - Edge of the notice that uploads will not survive a reload. Default `#b45309`.
 * @cssproperty --progress-height - Height of the progress track. Default `0.5rem`.
 * @cssproperty --focus-ring - Outline of focused controls. Default `3px solid var(--accent-color)`.
 */
export class ChunkUploader extends LitElement {
  static override styles = styles;

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
  /** Lets the picker and drops take several files at once. */
  declare multiple: boolean;
  /** Like `<input accept>`: `.mp4,video/*`. Files that do not match are turned away. */
  declare accept: string;
  /** Connections shared by all files, 1 to 16 (default 4). Applied live to running uploads. */
  declare concurrency: number | string | undefined;
  /** Preferred part size: bytes, or `8MiB`, `5MB`, … The storage's limits may raise it. */
  declare partSize: number | string | undefined;
  /** Largest file accepted: bytes, or `100MiB`, `2GB`, … Default: the storage's limit. */
  declare maxFileSize: number | string | undefined;
  /** Stops picking and dropping (running uploads and row buttons keep working). */
  declare disabled: boolean;
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

  declare private _problems: readonly Problem[];
  /** The engine's own explanation when it refused the settings (English, redacted). */
  declare private _refusal: string | undefined;
  declare private _notices: readonly Notice[];
  declare private _live: readonly { readonly id: number; readonly text: string }[];

  #controller = new UploaderController(this, (event) => this.#onEngineEvent(event));
  #journal = new JournalController(this, {
    changed: (uploads, first) => {
      if (first && uploads.length > 0) this.#announce(this.#t().interruptedFound(uploads.length));
      this.dispatchEvent(new InterruptedChangeEvent({ uploads }));
    },
    fellBack: () => this.#announce(this.#t().journalFallback),
  });
  #applied: ElementInputs | undefined;
  #built: Omit<ElementInputs, 'concurrency'> | undefined;
  #tuning = DEFAULT_TUNING;
  #liveId = 0;
  #intake = new FileIntakeHandlers(this);
  #langObserver: MutationObserver | undefined;
  #targetAttributes = new TargetAttributeWatcher(this, () => this.targets ?? ChunkUploader.defaultTargets);

  constructor() {
    super();
    this.multiple = false;
    this.accept = '';
    this.disabled = false;
    this.lang = '';
    this.fileMd5 = false;
    this._problems = [];
    this._notices = [];
    this._live = [];
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
    this._notices = [];
    const engine = this.#controller.current;
    if (engine === undefined) {
      this.#refuseAdd();
      return [];
    }
    const added = engine.add(files);
    if (added.length > 0) this.#announce(this.#t().filesAdded(added.length));
    return added;
  }

  pauseAll(): void {
    for (const engine of this.#controller.engines) engine.pause();
  }

  /** Continues paused files and retries failed ones. */
  resumeAll(): void {
    for (const engine of this.#controller.engines) engine.resume();
  }

  /** Cancels every file; resolves when the storage was told to drop the partial uploads. */
  async cancelAll(): Promise<void> {
    await Promise.all(this.#controller.engines.map((engine) => engine.cancel()));
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#langObserver = new MutationObserver(() => this.requestUpdate());
    this.#langObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
    this.#targetAttributes.watch();
  }

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    super.attributeChangedCallback(name, old, value);
    if (old !== value && this.#targetAttributes.concerns(name)) this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#langObserver?.disconnect();
    this.#targetAttributes.stop();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('targets') && this.isConnected) this.#targetAttributes.watch();
    this.#sync();
    this.#journal.track(this.#controller.current, this.options?.persist !== false);
  }

  protected override render(): TemplateResult {
    const t = this.#t();
    const tasks = this.#controller.tasks;
    const act = (action: RowAction, id: string): void => this.#act(action, id);
    // A file resumed here leaves the list at once, before the journal is read again.
    const listed = new Set(tasks.map((task) => task.fingerprint));
    const interrupted = this.#journal.items.filter((upload) => !listed.has(upload.fingerprint));
    return html`
      <div part="base" class="base">
        ${dropZone(
          { t, multiple: this.multiple, disabled: this.disabled, dragOver: this.hasAttribute('drag-over'), accept: this.accept },
          this.#intake,
        )}
        ${journalNotice(t, this.#journal.fellBack)} ${messages(messageLines(t, this._problems, this._refusal, this._notices))}
        ${interruptedList(interrupted, t, Date.now(), (action, upload) => void this.#actInterrupted(action, upload))} ${summary(tasks, t)}
        ${tasks.length === 0
          ? nothing
          : html`<ul part="file-list" class="file-list" aria-label=${t.fileListLabel}>
              ${repeat(tasks, (task) => task.id, (task) => fileRow(task, t, act))}
            </ul>`}
        <div class="visually-hidden" role="status" aria-live="polite" aria-relevant="additions">
          ${repeat(this._live, (line) => line.id, (line) => html`<p>${line.text}</p>`)}
        </div>
      </div>
    `;
  }

  #t(): Translation {
    const documentLang = this.lang !== '' ? this.lang : (this.closest('[lang]:not([lang=""])')?.getAttribute('lang') ?? undefined);
    return pickTranslation(documentLang, navigator.languages ?? [navigator.language]);
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
    this.#setProblems(settings.problems);
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
        this._refusal = undefined;
        this.#controller.use(engine);
      } catch (error) {
        // The last engine that could be made stays in charge.
        this.#reportRefusal(error);
      }
    }
  }

  /** Reports each problem once, when it appears; the list itself is shown until fixed. */
  #setProblems(problems: readonly Problem[]): void {
    const before = this._problems;
    this._problems = problems;
    for (const problem of problems) {
      if (before.some((p) => p.attribute === problem.attribute && p.value === problem.value)) continue;
      const error = new UploadError(`${problem.attribute}="${problem.value}" is not valid`, { kind: 'invalid', code: 'invalid-attribute' });
      this.dispatchEvent(new ConfigErrorEvent({ attribute: problem.attribute, value: problem.value, error }));
      this.#announce(problemText(this.#t(), problem));
    }
  }

  #reportRefusal(thrown: unknown): void {
    const error = thrown instanceof UploadError ? thrown : new UploadError(String(thrown), { kind: 'invalid' });
    this._refusal = error.message.replace(/^chunk-uploader: /, '');
    this.dispatchEvent(new ConfigErrorEvent({ attribute: undefined, value: '', error }));
    this.#announce(this.#t().settingsRefused(this._refusal));
  }

  /** Adding files with no engine: say why, once more, where the user looks. */
  #refuseAdd(): void {
    const t = this.#t();
    if (this._problems.length > 0 || this._refusal !== undefined) {
      this.#announce(messageLines(t, this._problems, this._refusal, this._notices).join(' '));
      return;
    }
    this._notices = [{ kind: 'not-configured' }];
    this.#announce(t.notConfigured);
    const error = new UploadError('set the endpoint attribute or the signer property before adding files', {
      kind: 'config',
      code: 'not-configured',
    });
    this.dispatchEvent(new ConfigErrorEvent({ attribute: 'endpoint', value: this.endpoint ?? '', error }));
  }

  #onEngineEvent(event: UploaderEvent<unknown>): void {
    const t = this.#t();
    if (event.type === 'chunk-journal-fallback') {
      if (event.target instanceof Uploader) this.#journal.fallBack(event.target);
      return;
    }
    // A task that starts, ends or takes over may be one the list shows: read it again.
    if (event.type === 'chunk-upload-state') this.#journal.refresh();
    if (event.type === 'chunk-file-reject') {
      const { file, reason } = (event as UploaderEventMap['chunk-file-reject']).detail;
      const code: RejectReason = reason.code === 'file-too-large' || reason.code === 'file-type' ? reason.code : 'other';
      const limit = Math.min(this.#tuning.maxFileSize ?? Number.MAX_SAFE_INTEGER, this.#controller.current?.target.limits.maxObjectSize ?? Number.MAX_SAFE_INTEGER);
      this._notices = [...this._notices, { kind: 'rejected', name: file.name, reason: code, limit }];
      this.#announce(t.rejected(file.name, code, formatBytes(limit, t)));
      return;
    }
    const line = announcementFor(event, t);
    if (line !== undefined) this.#announce(line);
  }

  #announce(text: string): void {
    this.#liveId += 1;
    this._live = [...this._live, { id: this.#liveId, text }].slice(-LIVE_LINES);
  }

  #act(action: RowAction, id: string): void {
    const engine = this.#controller.ownerOf(id);
    if (engine === undefined) return;
    if (action === 'pause') engine.pause(id);
    else if (action === 'resume' || action === 'retry') engine.resume(id);
    else if (action === 'cancel') void engine.cancel(id);
    else {
      engine.remove(id);
      this.#controller.prune();
      this.requestUpdate();
    }
  }

  /** Called straight from the click, so the browser can ask for permission to read the file. */
  async #actInterrupted(action: InterruptedAction, upload: InterruptedUpload): Promise<void> {
    this._notices = [];
    const t = this.#t();
    if (action === 'discard') {
      if (await this.#journal.discard(upload)) this.#announce(t.discarded(upload.name));
      return;
    }
    const outcome = await this.#journal.resume(upload);
    if (outcome === 'resumed') this.#announce(t.filesAdded(1));
    if (outcome !== 'refused' && outcome !== 'missing') return;
    this._notices = [{ kind: outcome === 'refused' ? 'resume-refused' : 'resume-missing', name: upload.name }];
    this.#announce(outcome === 'refused' ? t.resumeRefused(upload.name) : t.resumeMissing(upload.name));
  }
}

declare global {
  interface GlobalEventHandlersEventMap extends UploaderEventMap {
    'chunk-config-error': ConfigErrorEvent;
    'chunk-interrupted-change': InterruptedChangeEvent;
  }
}
