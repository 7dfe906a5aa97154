import type { FaultSet } from './faults.js';
import type { RequestLog } from './request-log.js';

export interface StoredObject {
  readonly bucket: string;
  readonly key: string;
  readonly size: number;
  /** Lowercase hex MD5 of the stored bytes. */
  readonly md5: string;
  readonly etag: string;
  readonly contentType: string;
  readonly path: string;
}

export interface OpenUpload {
  readonly uploadId: string;
  readonly key: string;
  readonly parts: readonly number[];
}

export interface PartAcceptCount {
  readonly uploadId: string;
  readonly key: string;
  readonly partNumber: number;
  /** How many times the emulator stored this part (more than 1 means bytes were sent twice). */
  readonly count: number;
}

/**
 * What every emulator offers to tests, the demo's chaos panel and the benches. Reads may be
 * asynchronous: a third-party store (Azurite behind its fault proxy) is asked over HTTP.
 */
export interface EmulatorHandle {
  readonly name: string;
  readonly url: string;
  readonly faults: FaultSet;
  readonly log: RequestLog;
  object(key: string): StoredObject | undefined | Promise<StoredObject | undefined>;
  /**
   * A URL that serves a stored object's bytes to a plain GET, as the storage itself would link
   * it (a public-read bucket's object URL, COS v4's access_url, a Qiniu private download URL, an
   * Azure read-only SAS): the playground's "Stored at" link. Undefined when no such object.
   */
  readUrl?(key: string): string | undefined | Promise<string | undefined>;
  uploads(): readonly OpenUpload[] | Promise<readonly OpenUpload[]>;
  accepted(): readonly PartAcceptCount[] | Promise<readonly PartAcceptCount[]>;
  /** Target-specific switches (CORS exposure, clock offset, forced slice size, …). */
  configure(settings: Readonly<Record<string, unknown>>): void;
  /** Forgets every object, upload, fault and logged request. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

/** One of our own emulators: it answers reads from its own state, at once. */
export interface Emulator extends EmulatorHandle {
  object(key: string): StoredObject | undefined;
  uploads(): readonly OpenUpload[];
  accepted(): readonly PartAcceptCount[];
}

/** `<base>/<bucket>/<key>`, path-style, each key segment escaped: where a public-read bucket serves an object. */
export function pathStyleUrl(base: string, object: Pick<StoredObject, 'bucket' | 'key'>): string {
  return `${base}/${object.bucket}/${object.key.split('/').map(encodeURIComponent).join('/')}`;
}
