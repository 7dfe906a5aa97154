import type { Protocol } from '../contracts/protocol.js';
import type { Signer, SignOptions } from '../contracts/signer.js';
import type { SignRequestFor, Target } from '../contracts/target.js';
import type { HashPool } from '../hash/hash-pool.js';
import type { Transport } from '../transport/transport.js';
import { UploadError } from '../transport/upload-error.js';
import type { SignerCredentials, SignerHeaders } from './http-signer.js';
import { DEFAULT_RETRY, type RetryOptions } from './retry.js';
import { parseUploadOrigins, type UploadOrigins } from './upload-origins.js';

const MiB = 1024 * 1024;

export interface UploaderOptions<T extends Target = Target> {
  /** The storage targets this engine knows (`[oss(), s3()]`, `builtInTargets()`, your own). */
  readonly targets: readonly T[];
  /** The name of the target new files go to. Default: the first of `targets`. */
  readonly target?: T['name'];
  /**
   * The backend: either a URL whose `<url>/<op>` routes speak the signer JSON API, or a
   * signing function. Its requests are typed by the targets' operations (`SignerFor<typeof s3>`
   * types the answers too); adapters check every answer. Exactly one of `endpoint` and `signer`
   * is required.
   */
  readonly endpoint?: string;
  readonly signer?: (request: SignRequestFor<T>, options: SignOptions) => Promise<unknown>;
  /** `include` sends the page's cookies to a signer on another origin. Default `same-origin`. */
  readonly signerCredentials?: SignerCredentials;
  /**
   * Headers for every request to `endpoint` (a bearer token, a CSRF token): an object, or a
   * function asked before each request, and asked again with `refresh: true` after a 401.
   */
  readonly signerHeaders?: SignerHeaders;
  /** Connections shared by all files (1..16). Default 4. */
  readonly concurrency?: number;
  /** Preferred part size in bytes; the target's limits may raise it. Default 8 MiB. */
  readonly partSize?: number;
  /** Largest file accepted, in bytes. Default: no limit beyond the target's. */
  readonly maxFileSize?: number;
  /**
   * Files up to this many bytes go up in one request (PutObject, Put Blob, a form upload) where
   * the target has one: one signer call, no journal, nothing to resume. Default: a file that
   * fits in one part (the part size the target's limits allow); 0 sends every file in parts.
   */
  readonly singleRequestMax?: number;
  /** Like the `accept` attribute of a file input: `.mp4,video/*`. Default: anything. */
  readonly accept?: string;
  /** The object key to ask the backend for; the backend may ignore it. */
  readonly objectKey?: (file: File) => string | undefined;
  /** Start tasks as soon as files are added. Default true. */
  readonly autoStart?: boolean;
  /** Whole-request limit in ms. Default 10 minutes. */
  readonly requestTimeoutMs?: number;
  /** Abort a request whose body moved no bytes for this long, in ms. Default 20 s. */
  readonly stallTimeoutMs?: number;
  /**
   * Abort a storage request whose whole body was sent but whose answer has not begun after
   * this long, in ms (a Complete of a big object may take a while). Default 2 minutes.
   */
  readonly responseTimeoutMs?: number;
  readonly retry?: Partial<RetryOptions>;
  /**
   * Send and check digests wherever the target allows (Content-MD5, CRC32, SHA-1). Default
   * true. Hashing runs in workers and never blocks the page.
   */
  readonly integrity?: boolean;
  /** Hash workers to run; default one per core but one, at most 4. */
  readonly hashWorkers?: number;
  /**
   * Compute the whole file's MD5 (in the same pass as the parts' digests) and report it as
   * `result.fileMd5`; QingStor also stores it as the object's ETag. Default false.
   */
  readonly fileMd5?: boolean;
  /**
   * Keep a journal in IndexedDB so uploads resume after a reload, a crash or in another tab.
   * Default true; false keeps it in memory (this page only).
   */
  readonly persist?: boolean;
  /** IndexedDB database of the journal. Default `chunk-uploader`. */
  readonly journalName?: string;
  /** Unfinished uploads older than this are aborted and forgotten by `prune()`. Default 7 days. */
  readonly journalMaxAgeMs?: number;
  /** Share a hash pool between engines, or watch it in tests. */
  readonly hashPool?: HashPool;
  /** Replace the XHR transport (tests, custom stacks). */
  readonly transport?: Transport;
  /**
   * Where storage requests may go: origins such as `https://bucket.s3.amazonaws.com` or
   * `https://*.aliyuncs.com`. A presigned URL or upload host outside the list fails the file
   * with a `config` error (code `origin-not-allowed`) before anything is sent. Default: anywhere.
   */
  readonly uploadOrigins?: readonly string[];
}

export interface ResolvedOptions {
  /** The target new files go to, and its adapter. */
  readonly target: Target;
  readonly protocol: Protocol;
  readonly signer: Signer | undefined;
  readonly endpoint: string | undefined;
  readonly signerCredentials: SignerCredentials;
  readonly signerHeaders: SignerHeaders | undefined;
  readonly concurrency: number;
  readonly partSize: number;
  readonly maxFileSize: number;
  /** Undefined: a file that fits in one part. */
  readonly singleRequestMax: number | undefined;
  readonly accept: readonly string[];
  readonly objectKey: ((file: File) => string | undefined) | undefined;
  readonly autoStart: boolean;
  readonly requestTimeoutMs: number;
  readonly stallTimeoutMs: number;
  readonly responseTimeoutMs: number;
  readonly retry: RetryOptions;
  readonly integrity: boolean;
  readonly hashWorkers: number | undefined;
  readonly fileMd5: boolean;
  readonly persist: boolean;
  readonly journalName: string;
  readonly journalMaxAgeMs: number;
  readonly hashPool: HashPool | undefined;
  readonly transport: Transport | undefined;
  readonly uploadOrigins: UploadOrigins | undefined;
}

function invalid(message: string): UploadError {
  return new UploadError(message, { kind: 'invalid', code: 'invalid-option' });
}

function positiveInteger(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw invalid(`option ${name} must be a whole number from ${min} to ${max}; got ${String(value)}`);
  }
  return value;
}

/** Checks every option up front, so a mistake is reported before any byte moves. */
export function resolveOptions(options: UploaderOptions): ResolvedOptions {
  const target = chooseTarget(options.targets, options.target);
  const endpoint = options.endpoint?.trim();
  if ((endpoint === undefined || endpoint === '') && options.signer === undefined) {
    throw invalid('set either endpoint (your signer URL) or signer (a function); neither was given');
  }
  if (endpoint !== undefined && endpoint !== '') {
    try {
      new URL(endpoint, globalThis.location?.href);
    } catch {
      throw invalid(`option endpoint is not a URL: ${endpoint}`);
    }
  }
  const signer: Signer | undefined = options.signer;
  const signerCredentials = options.signerCredentials ?? 'same-origin';
  if (signerCredentials !== 'same-origin' && signerCredentials !== 'include') {
    throw invalid(`option signerCredentials must be same-origin or include; got ${String(signerCredentials)}`);
  }
  const signerHeaders = options.signerHeaders;
  if (signerHeaders !== undefined && typeof signerHeaders !== 'function' && (typeof signerHeaders !== 'object' || signerHeaders === null)) {
    throw invalid('option signerHeaders must be an object of headers or a function that returns one');
  }
  const partSize = positiveInteger('partSize', options.partSize ?? 8 * MiB, 1, 5 * 1024 * MiB);
  return {
    target,
    protocol: target.protocol(),
    signer,
    endpoint: endpoint === '' ? undefined : endpoint,
    signerCredentials,
    signerHeaders,
    concurrency: positiveInteger('concurrency', options.concurrency ?? 4, 1, 16),
    partSize,
    singleRequestMax:
      options.singleRequestMax === undefined ? undefined : positiveInteger('singleRequestMax', options.singleRequestMax, 0, Number.MAX_SAFE_INTEGER),
    maxFileSize: options.maxFileSize === undefined ? Number.MAX_SAFE_INTEGER : positiveInteger('maxFileSize', options.maxFileSize, 0, Number.MAX_SAFE_INTEGER),
    accept: parseAccept(options.accept),
    objectKey: options.objectKey,
    autoStart: options.autoStart ?? true,
    requestTimeoutMs: positiveInteger('requestTimeoutMs', options.requestTimeoutMs ?? 600_000, 1000, 86_400_000),
    stallTimeoutMs: positiveInteger('stallTimeoutMs', options.stallTimeoutMs ?? 20_000, 100, 3_600_000),
    responseTimeoutMs: positiveInteger('responseTimeoutMs', options.responseTimeoutMs ?? 120_000, 100, 86_400_000),
    retry: resolveRetry(options.retry),
    integrity: options.integrity ?? true,
    hashWorkers: options.hashWorkers === undefined ? undefined : positiveInteger('hashWorkers', options.hashWorkers, 1, 16),
    fileMd5: options.fileMd5 ?? false,
    persist: options.persist ?? true,
    journalName: options.journalName ?? 'chunk-uploader',
    journalMaxAgeMs: positiveInteger('journalMaxAgeMs', options.journalMaxAgeMs ?? 7 * 24 * 3600 * 1000, 0, Number.MAX_SAFE_INTEGER),
    hashPool: options.hashPool,
    transport: options.transport,
    uploadOrigins: resolveOrigins(options.uploadOrigins),
  };
}

function resolveOrigins(entries: readonly string[] | undefined): UploadOrigins | undefined {
  if (entries === undefined) return undefined;
  const origins = Array.isArray(entries) ? parseUploadOrigins(entries.map(String)) : { invalid: String(entries) };
  if ('invalid' in origins) throw invalid(`option uploadOrigins: not an origin (https://host, https://*.host): ${origins.invalid}`);
  return origins;
}

function chooseTarget(targets: readonly Target[] | undefined, name: string | undefined): Target {
  if (!Array.isArray(targets) || targets.length === 0) throw invalid('option targets is required: the storage targets to upload to, for example [oss()]');
  const target = name === undefined ? targets[0] : targets.find((candidate) => candidate.name === name);
  if (target === undefined) {
    throw invalid(`option target ${name ?? ''} is not one of the targets given (${targets.map((candidate) => candidate.name).join(', ')})`);
  }
  return target;
}

function resolveRetry(retry: Partial<RetryOptions> | undefined): RetryOptions {
  const merged = { ...DEFAULT_RETRY, ...retry };
  return {
    retries: positiveInteger('retry.retries', merged.retries, 0, 100),
    baseDelayMs: positiveInteger('retry.baseDelayMs', merged.baseDelayMs, 0, 600_000),
    maxDelayMs: positiveInteger('retry.maxDelayMs', merged.maxDelayMs, 0, 3_600_000),
    maxResigns: positiveInteger('retry.maxResigns', merged.maxResigns, 0, 100),
  };
}

export function parseAccept(accept: string | undefined): readonly string[] {
  if (accept === undefined) return [];
  return accept
    .split(',')
    .map((item) => item.trim().toLowerCase())
    .filter((item) => item !== '');
}

/** Whether a file matches an accept list (`.ext`, `type/subtype`, `type/*`). */
export function accepts(list: readonly string[], file: { readonly name: string; readonly type: string }): boolean {
  if (list.length === 0) return true;
  const name = file.name.toLowerCase();
  const type = file.type.toLowerCase();
  return list.some((item) => {
    if (item.startsWith('.')) return name.endsWith(item);
    if (item.endsWith('/*')) return type.startsWith(item.slice(0, -1));
    return type === item;
  });
}

/** Why a file is turned away at add, before any request: over a size limit, or not an accepted type. */
export function refusalOf(file: File, options: ResolvedOptions): UploadError | undefined {
  const { maxFileSize, accept, target } = options;
  const limit = Math.min(maxFileSize, target.limits.maxObjectSize);
  if (file.size > limit) {
    const whose = limit < maxFileSize ? `the largest object ${target.name} stores` : 'the limit';
    return new UploadError(`${file.name} is ${file.size} bytes, over ${whose} of ${limit} bytes`, { kind: 'invalid', code: 'file-too-large' });
  }
  if (!accepts(accept, file)) {
    return new UploadError(`${file.name} is not an accepted type (${accept.join(', ')})`, { kind: 'invalid', code: 'file-type' });
  }
  return undefined;
}
