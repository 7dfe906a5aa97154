import type { TaskState } from '../../core/task-state.js';
import type { ErrorKind } from '../../transport/upload-error.js';

/** What a row's state line says: every kind is one whole sentence in each language. */
export type RowLine =
  | { readonly kind: 'state'; readonly state: TaskState }
  | { readonly kind: 'uploading'; readonly loaded: string; readonly total: string; readonly speed?: string; readonly eta?: string }
  | { readonly kind: 'elsewhere'; readonly percent: string }
  | { readonly kind: 'failed'; readonly reason: string }
  /** `wait` undefined: the request is being sent again now. */
  | { readonly kind: 'retrying'; readonly reason: ErrorKind; readonly wait?: string }
  | { readonly kind: 'throttled'; readonly wait?: string }
  | { readonly kind: 'waiting-for-network' }
  | { readonly kind: 'waiting-for-signature' }
  | { readonly kind: 'stalled'; readonly for: string };

/** What the live region says when a row's condition begins. */
export type ConditionKind = 'retrying' | 'throttled' | 'waiting-for-signature' | 'stalled';

/** The line under the total bar: bytes of every listed file, their speed and time left. */
export interface TotalLine {
  readonly loaded: string;
  readonly total: string;
  readonly speed?: string;
  readonly eta?: string;
}

/** Refusal codes of chunk-uploader/server that the element explains in its own words. */
export const SIGNER_REFUSAL_CODES = ['Unauthenticated', 'Forbidden', 'FileTooLarge', 'FileTypeNotAllowed', 'TooManyUploads'] as const;
export type SignerRefusalCode = (typeof SIGNER_REFUSAL_CODES)[number];

/** The sentence for a failure: the backend's refusal when it is one the element knows, else the kind's. */
export function failureText(t: Translation, error: { readonly kind: ErrorKind; readonly code?: string | undefined }): string {
  if (error.code === 'origin-not-allowed') return t.originNotAllowed;
  const code = error.code as SignerRefusalCode | undefined;
  return code !== undefined && (SIGNER_REFUSAL_CODES as readonly string[]).includes(code) ? t.signerRefusals[code] : t.errors[error.kind];
}

/** The element's own attributes whose values it checks; a bad value is reported by name. */
export type CoreAttribute = 'provider' | 'endpoint' | 'signer-credentials' | 'concurrency' | 'part-size' | 'max-file-size' | 'upload-origins';

/** Attributes whose values the element checks: its own, and those its targets declare. */
export type CheckedAttribute = CoreAttribute | (string & Record<never, never>);

/** Why a file was turned away before it was queued (the engine's reject `code`). */
export type RejectReason = 'file-too-large' | 'file-type' | 'other';

/** What a run of rows a long list does not show holds (list-window.ts). */
export interface FoldedCounts {
  readonly total: number;
  readonly done: number;
  readonly waiting: number;
}

export interface QueueCounts {
  /** Listed files that are not canceled. */
  readonly total: number;
  readonly done: number;
  readonly failed: number;
  /** Queued, running or paused: not done, failed or canceled. */
  readonly remaining: number;
}

/** Whole hours, minutes and seconds of a wait; an absent unit is not spelled. */
export interface DurationParts {
  readonly hours?: number;
  readonly minutes?: number;
  readonly seconds?: number;
}

/**
 * Every string the element shows or announces. Plurals and word order are the translation's
 * business, so anything that mentions a count or a name is a function.
 */
export interface Translation {
  /** BCP 47 tag this translation is for. */
  readonly $code: string;
  readonly $name: string;
  readonly $dir: 'ltr' | 'rtl';

  /** Units for 10^0, 10^3, 10^6, … bytes. */
  readonly sizeUnits: readonly string[];

  /** Visible text of the drop zone, which is also the picker button. */
  dropZone(multiple: boolean): string;
  /** The emphasised "choose" part of the drop zone text. */
  chooseFiles(multiple: boolean): string;
  /** The "choose" part with the `directory` attribute. */
  readonly chooseFolder: string;
  readonly dropHere: string;
  readonly fileListLabel: string;

  readonly states: Readonly<Record<TaskState, string>>;
  /** "12 MB" from a formatted number and a unit of `sizeUnits`. */
  sizeWithUnit(number: string, unit: string): string;
  /** "42%" from a whole number of percent. */
  percent(number: string): string;
  /** "3 min 5 s", "2 h", "3分5秒": a wait, from the units that are present. */
  duration(parts: DurationParts): string;
  /** "12 MB/s" from a formatted size. */
  perSecond(size: string): string;
  /** A row's state line. */
  rowLine(line: RowLine): string;
  /** Accessible value text of a file's progress bar. */
  progressText(loaded: string, total: string, percent: string): string;
  /** One sentence per failure kind; the raw message stays in the event for developers. */
  readonly errors: Readonly<Record<ErrorKind, string>>;
  /** A storage address outside the `upload-origins` allowlist was refused before anything was sent. */
  readonly originNotAllowed: string;
  /** Sentences for the refusals of a backend built on chunk-uploader/server, by their code. */
  readonly signerRefusals: Readonly<Record<SignerRefusalCode, string>>;

  pause(name: string): string;
  resume(name: string): string;
  retry(name: string): string;
  cancel(name: string): string;
  remove(name: string): string;
  readonly pauseLabel: string;
  readonly resumeLabel: string;
  readonly retryLabel: string;
  readonly cancelLabel: string;
  readonly removeLabel: string;

  summary(counts: QueueCounts): string;
  /** Retry every failed file; `count` of them. */
  retryAllLabel(count: number): string;
  /** Remove every done or canceled file from the list; `count` of them. */
  clearFinishedLabel(count: number): string;
  /** A run of rows a long list does not show: how many files, how many of them uploaded or waiting. */
  foldedFiles(counts: FoldedCounts): string;
  /** The button under a folded run: shows `count` more rows. */
  showMore(count: number): string;
  /** Accessible name of the total bar. */
  readonly totalLabel: string;
  totalLine(line: TotalLine): string;
  /** Shown and announced while the browser is offline. */
  readonly offline: string;
  /** Announced when the browser is back online with uploads waiting. */
  readonly backOnline: string;
  /** Announced when a row's condition begins (not on every retry). */
  conditionBegan(name: string, kind: ConditionKind): string;

  filesAdded(count: number): string;
  uploaded(name: string): string;
  failed(name: string, reason: string): string;
  canceled(name: string): string;
  paused(name: string): string;
  queueComplete(succeeded: number, failed: number, canceled: number): string;
  rejected(name: string, reason: RejectReason, limit: string): string;
  /** Files over `max-files` were not added. */
  tooManyFiles(turnedAway: number, limit: number): string;
  badMaxFiles(value: string): string;

  /** Title of the list of uploads a previous page (or a crashed browser) left unfinished. */
  readonly interruptedTitle: string;
  /** An unfinished upload's state line: how much the storage holds, and how long ago it stopped. */
  interruptedState(percent: string, age: string): string;
  /** Shown when no stored file handle can re-open the file: the user must find it again. */
  readonly interruptedPickAgain: string;
  /** `age` for something that happened `count` whole units ago ("5 minutes ago"). */
  ago(count: number, unit: 'minute' | 'hour' | 'day'): string;
  /** `age` for something that happened less than a minute ago. */
  readonly justNow: string;
  discard(name: string): string;
  readonly discardLabel: string;
  /** Announced when the element finds unfinished uploads on startup. */
  interruptedFound(count: number): string;
  discarded(name: string): string;
  /** The browser refused to let the page read a stored file again (permission denied). */
  resumeRefused(name: string): string;
  /** A stored file handle no longer opens (moved, deleted, changed). */
  resumeMissing(name: string): string;
  /** IndexedDB is missing, blocked or full: uploads work but will not survive a reload. */
  readonly journalFallback: string;

  invalidAttribute(attribute: CoreAttribute, value: string): string;
  /** The engine refused the settings; `detail` is its (English, redacted) explanation. */
  settingsRefused(detail: string): string;
  readonly notConfigured: string;

  /** Why the form cannot be submitted yet: uploads are still under way or paused. */
  readonly formPending: string;
  /** Some uploads failed. */
  readonly formFailed: string;
  /** `required` and nothing was uploaded. */
  readonly formRequired: string;
}
