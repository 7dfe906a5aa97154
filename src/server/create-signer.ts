import { failureOf, jsonAnswer } from './answers.js';
import { decideCors, preflightHeaders, type AllowedOrigins } from './cors.js';
import { SIGNER_CODES, SignerError, unauthenticated } from './errors.js';
import type { SignerLogEntry } from './log.js';
import { continueUpload, openUpload, type OperationContext } from './operations.js';
import { defaultKey, type KeyFunction, type Principal } from './policy.js';
import { createSessionTokens } from './session-token.js';
import { credentialStrings, signerTargetOf, type TargetConfig } from './targets/built-in.js';
import { seconds, type JsonBody, type Seconds } from './targets/storage-handler.js';
import { createUploadSlots } from './upload-slots.js';

/** Who may upload, where, what, and for how long. Only `authorize` and `secret` are required. */
export interface SignerPolicy {
  /**
   * Called for every request. Return the user (`{ id }`), or null to refuse with 401
   * `Unauthenticated`; throw `forbidden()` (or any SignerError) to refuse with your own status.
   */
  authorize(request: Request): Principal | null | undefined | Promise<Principal | null | undefined>;
  /** Signs upload session tokens: at least 32 bytes, the same on every server process. */
  readonly secret: string | Uint8Array;
  /** The object key for a new upload. Default: `uploads/<user>/<random id>/<sanitized name>`. */
  readonly key?: KeyFunction;
  /** Largest file accepted at initiate (and at `put`), in bytes. */
  readonly maxFileSize?: number;
  /** MIME types, `type/*` wildcards and `.ext` extensions, as in `<input accept>`. */
  readonly accept?: readonly string[];
  /** Uploads one user may have open at once (per server process). */
  readonly maxConcurrentUploads?: number;
  /** Refuse to sign a part URL without the part's MD5 (the URL is then bound to those bytes). */
  readonly requirePartMd5?: boolean;
  /** Lifetime of presigned URLs, tokens and signatures. Default 900 s. */
  readonly urlLifetimeSeconds?: Seconds;
  /** Lifetime of an upload's session token: how long an upload can be resumed. Default 86,400 s. */
  readonly sessionLifetimeSeconds?: Seconds;
  /** An open upload stops counting against `maxConcurrentUploads` after this long unused. Default 3,600 s. */
  readonly uploadIdleSeconds?: Seconds;
  /** Origins allowed to call cross-origin, with credentials. Same-origin requests always pass. */
  readonly allowedOrigins?: AllowedOrigins;
  /** One entry per request, with no secret in it (no token, header, URL query or body). */
  readonly log?: (entry: SignerLogEntry) => void;
  /** The clock (tests). */
  readonly now?: () => number;
}

export type SignerOptions = TargetConfig & SignerPolicy;

export interface Signer {
  readonly provider: TargetConfig['provider'];
  /** Answers one signer request. A plain function: `export const POST = signer.handle` works. */
  readonly handle: (request: Request) => Promise<Response>;
}

const BODY_LIMIT = 1024 * 1024;

/**
 * A signer for one target: `POST <mount>/<op>` with a JSON body, answered with JSON. The op is
 * the last path segment, so it mounts under any prefix. Every request is checked in this
 * order: origin, method, body, `authorize`, then the session token or the upload policy.
 */
export function createSigner(options: SignerOptions): Signer {
  const provider = options.provider;
  const target = signerTargetOf(options);
  if (target === undefined) throw new TypeError(`chunk-uploader/server: unknown provider ${String(provider)}`);
  const ops = target.ops;
  if (typeof options.authorize !== 'function') {
    throw new TypeError('chunk-uploader/server: authorize is required; return the user, or null to refuse');
  }
  const tokens = createSessionTokens(options.secret);
  const urlLifetime = (): number => seconds(options.urlLifetimeSeconds ?? 900);
  const storage = target.create(options, urlLifetime);
  // Surfaces at the first request; a signer built at import time must not crash the process.
  storage.catch(() => undefined);
  const credentials = credentialStrings(options);
  const now = options.now ?? Date.now;
  const slots = createUploadSlots(options.maxConcurrentUploads, () => seconds(options.uploadIdleSeconds ?? 3600) * 1000);

  const handle = async (request: Request): Promise<Response> => {
    const started = now();
    const cors = decideCors(request, options.allowedOrigins);
    const op = new URL(request.url).pathname.split('/').filter((s) => s !== '').at(-1) ?? '';
    const entry: { principal?: string; key?: string } = {};
    let response: Response;
    let failure: SignerError | undefined;
    try {
      if (request.method === 'OPTIONS') {
        if (!cors.allowed) throw new SignerError(403, SIGNER_CODES.originNotAllowed, 'this origin may not call the signer');
        return new Response(null, { status: 204, headers: { ...preflightHeaders(cors, request), Date: new Date(started).toUTCString() } });
      }
      if (!cors.allowed) throw new SignerError(403, SIGNER_CODES.originNotAllowed, 'this origin may not call the signer');
      if (request.method !== 'POST') throw new SignerError(405, SIGNER_CODES.methodNotAllowed, 'use POST');
      if (!ops.includes(op)) throw new SignerError(404, SIGNER_CODES.unknownOperation, `${provider} has no signer operation ${op}`);
      const body = await readJsonBody(request);
      if (body.provider !== undefined && body.provider !== provider) {
        throw new SignerError(400, SIGNER_CODES.invalidRequest, `this signer serves ${provider}, not ${String(body.provider)}`);
      }
      const principal = await options.authorize(request);
      if (principal === null || principal === undefined) throw unauthenticated();
      if (typeof principal.id !== 'string' || principal.id === '') throw new TypeError('authorize must return a principal with a non-empty id');
      entry.principal = principal.id;
      const context: OperationContext = {
        provider,
        storage: await storage,
        tokens,
        slots,
        key: options.key ?? defaultKey,
        maxFileSize: options.maxFileSize,
        accept: options.accept,
        requirePartMd5: options.requirePartMd5 ?? false,
        requirePutMd5: (options.requirePartMd5 ?? false) && target.putBindsMd5 !== false,
        sessionLifetimeMs: seconds(options.sessionLifetimeSeconds ?? 86_400) * 1000,
        nowMs: started,
      };
      const opens = op === 'initiate' || op === 'put' || ((op === 'token' || op === 'sign') && body.session === undefined);
      const result = await (opens ? openUpload : continueUpload)(op, body, principal, context);
      if (result.key !== undefined) entry.key = result.key;
      response = jsonAnswer(200, result.body, cors, now());
    } catch (error) {
      failure = failureOf(error, credentials);
      const retryAfter: Record<string, string> = failure.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(failure.retryAfterSeconds) };
      response = jsonAnswer(failure.status, { code: failure.code, message: failure.message }, cors, now(), retryAfter);
      if (!(error instanceof SignerError)) logInternal(options, error, credentials);
    }
    options.log?.({
      at: new Date(started).toISOString(),
      level: response.status >= 500 ? 'error' : response.status >= 400 ? 'warn' : 'info',
      provider,
      op,
      status: response.status,
      ms: now() - started,
      ...(failure === undefined ? {} : { code: failure.code }),
      ...(entry.principal === undefined ? {} : { principal: entry.principal }),
      ...(entry.key === undefined ? {} : { key: entry.key }),
      ...(cors.present ? { origin: cors.origin } : {}),
    });
    return response;
  };
  return { provider, handle };
}

function logInternal(options: SignerPolicy, error: unknown, credentials: readonly string[]): void {
  const name = error instanceof Error ? error.name : typeof error;
  const message = error instanceof Error ? failureOf(new SignerError(500, 'x', error.message), credentials).message : '';
  options.log?.({ at: new Date().toISOString(), level: 'error', provider: '', op: '', status: 500, ms: 0, code: SIGNER_CODES.signerFailure, error: `${name}: ${message}` });
}

async function readJsonBody(request: Request): Promise<JsonBody> {
  const type = request.headers.get('content-type') ?? '';
  // Only JSON: a cross-site form can post text/plain with the user's cookies, never JSON.
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new SignerError(415, SIGNER_CODES.unsupportedMediaType, 'send the request as Content-Type: application/json');
  }
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > BODY_LIMIT) throw new SignerError(413, SIGNER_CODES.invalidRequest, 'the request body is too large');
  const text = await request.text();
  if (text.length > BODY_LIMIT) throw new SignerError(413, SIGNER_CODES.invalidRequest, 'the request body is too large');
  try {
    const parsed: unknown = JSON.parse(text === '' ? '{}' : text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
    return parsed as JsonBody;
  } catch {
    throw new SignerError(400, SIGNER_CODES.invalidRequest, 'the request body must be a JSON object');
  }
}
