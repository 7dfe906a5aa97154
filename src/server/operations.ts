import { SIGNER_CODES, SignerError } from './errors.js';
import { checkAccept, checkKey, checkSize, type KeyFunction, type Principal, type UploadFile } from './policy.js';
import type { SessionClaims, SessionTokens } from './session-token.js';
import { signPart, signParts } from './part-signing.js';
import { fileOf, type JsonBody, type StorageHandler } from './targets/storage-handler.js';
import type { UploadSlots } from './upload-slots.js';

/** What one signer operation needs beyond the request: the policy, settled. */
export interface OperationContext {
  readonly provider: string;
  readonly storage: StorageHandler;
  readonly tokens: SessionTokens;
  readonly slots: UploadSlots;
  readonly key: KeyFunction;
  readonly maxFileSize: number | undefined;
  readonly accept: readonly string[] | undefined;
  readonly requirePartMd5: boolean;
  /** `requirePartMd5`, where the target's `put` can bind an MD5. */
  readonly requirePutMd5: boolean;
  readonly sessionLifetimeMs: number;
  readonly nowMs: number;
}

export interface OperationResult {
  readonly body: unknown;
  /** The key the operation acted on, for the log. */
  readonly key?: string;
}

/**
 * `initiate`, `put`, and a first `token` or `sign` (no session yet): the policy decides, a
 * session is issued. `put` (one request for a whole small file) gets no session, since nothing
 * follows it; it needs a free slot under `maxConcurrentUploads` but does not keep it, because
 * nothing tells the signer when its PUT ends.
 */
export async function openUpload(op: string, body: JsonBody, principal: Principal, context: OperationContext): Promise<OperationResult> {
  const described = fileOf(body);
  const hint = typeof body.key === 'string' && body.key !== '' ? body.key : undefined;
  const file: UploadFile = { ...described, ...(hint === undefined ? {} : { keyHint: hint }) };
  checkSize(file, context.maxFileSize);
  checkAccept(file, context.accept);
  const contentMd5 = op === 'put' ? putMd5(body, context.requirePutMd5) : undefined;
  const key = checkKey(await context.key(principal, file));
  if (!context.slots.take(principal.id, key, context.nowMs)) {
    throw new SignerError(429, SIGNER_CODES.tooManyUploads, 'too many uploads are open for this user; finish or cancel one first', {
      retryAfterSeconds: 10,
    });
  }
  let answer: Record<string, unknown>;
  try {
    const described = { file: { name: file.name, size: file.size, type: file.type }, key };
    answer = (await context.storage.handle(op, contentMd5 === undefined ? described : { ...described, contentMd5 })) as Record<string, unknown>;
  } catch (error) {
    context.slots.release(principal.id, key);
    throw error;
  }
  if (op === 'put') {
    context.slots.release(principal.id, key);
    return { body: { ...answer, key }, key };
  }
  const uploadId = op === 'initiate' && typeof answer.uploadId === 'string' ? answer.uploadId : '';
  const expiresAt = context.nowMs + context.sessionLifetimeMs;
  const claims = { principal: principal.id, provider: context.provider, key, uploadId, size: file.size, expiresAt };
  const session = await context.tokens.issue(claims);
  // The first part URLs, when the browser asked (`parts`, as in a `parts` call): a hint. A batch
  // the policy refuses (no MD5 under requirePartMd5, a bad number) is left out, not the upload.
  const first = uploadId !== '' && body.parts !== undefined ? await signParts(body, claims, context).catch(() => undefined) : undefined;
  return { body: { ...answer, key, session, sessionExpiresAt: expiresAt, ...first }, key };
}

/** Every later operation: only with the session token issued for this user, key and upload. */
export async function continueUpload(op: string, body: JsonBody, principal: Principal, context: OperationContext): Promise<OperationResult> {
  const claims = await sessionOf(body, principal, context);
  context.slots.touch(principal.id, claims.key, context.nowMs);
  const { key, uploadId } = claims;
  switch (op) {
    case 'part':
      return { body: await signPart(body, claims, context), key };
    case 'parts':
      return { body: await signParts(body, claims, context), key };
    case 'list':
      return { body: await context.storage.handle('list', { key, uploadId }), key };
    case 'sas':
      // One credential for every part of the upload (Azure): bound to this key and upload.
      return { body: await context.storage.handle('sas', { key, uploadId }), key };
    case 'complete': {
      if (Array.isArray(body.blockIds)) {
        // A block-list commit (Azure): the handler checks the listed blocks against the size.
        const { blockIds, contentType, fileMd5 } = body;
        const request = { key, uploadId, blockIds, contentType, fileMd5, declaredSize: claims.size };
        const answer = await context.storage.handle('complete', request);
        context.slots.release(principal.id, key);
        return { body: answer, key };
      }
      await checkListedSize(body, claims, context);
      const request = { key, uploadId, parts: body.parts, ...(body.fileMd5 === undefined ? {} : { fileMd5: body.fileMd5 }) };
      const answer = await context.storage.handle('complete', request);
      context.slots.release(principal.id, key);
      return { body: answer, key };
    }
    case 'abort': {
      const answer = await context.storage.handle('abort', { key, uploadId });
      context.slots.release(principal.id, key);
      return { body: answer, key };
    }
    default: {
      // A `token` or `sign` for an upload under way: same key, same declared size.
      const file = fileOf(body);
      if (file.size !== claims.size) throw mismatch('the file size differs from the one this upload was opened for');
      const answer = (await context.storage.handle(op, { file, key })) as Record<string, unknown>;
      return { body: { ...answer, key }, key };
    }
  }
}

/** The Content-MD5 a `put` URL is bound to; required when the policy binds every URL to its bytes. */
function putMd5(body: JsonBody, required: boolean): string | undefined {
  const value = body.contentMd5;
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string' || value === '') {
    throw new SignerError(400, SIGNER_CODES.invalidRequest, 'contentMd5 is required: this signer binds every upload URL to its MD5');
  }
  return value;
}

function mismatch(message: string): SignerError {
  return new SignerError(403, SIGNER_CODES.sessionMismatch, message);
}

async function sessionOf(body: JsonBody, principal: Principal, context: OperationContext): Promise<SessionClaims> {
  const token = body.session;
  if (typeof token !== 'string' || token === '') {
    throw new SignerError(403, SIGNER_CODES.sessionRequired, 'this operation needs the session token issued when the upload was opened');
  }
  const checked = await context.tokens.verify(token, context.nowMs);
  if (!checked.ok) {
    if (checked.reason === 'expired') throw new SignerError(403, SIGNER_CODES.sessionExpired, 'the upload session expired; start the upload again');
    throw mismatch('the session token is not valid');
  }
  const claims = checked.claims;
  const key = typeof body.key === 'string' ? body.key : '';
  const uploadId = typeof body.uploadId === 'string' ? body.uploadId : '';
  // One answer for every mismatch: which part differs is nobody's business but the owner's.
  // Qiniu and COS v4 have no server-side upload id (claims.uploadId is empty): the key binds.
  const sameUpload = claims.uploadId === '' || claims.uploadId === uploadId;
  if (claims.principal !== principal.id || claims.provider !== context.provider || claims.key !== key || !sameUpload) {
    throw mismatch('this upload belongs to another session');
  }
  return claims;
}

/**
 * protocols.md 2.1, 3.1, 5.1: the object is assembled from what the storage holds, so the size
 * is checked against the parts the storage lists, never against the browser's word. Parts the
 * storage does not list are left for the storage to refuse (InvalidPart), which the browser
 * knows how to recover from.
 */
async function checkListedSize(body: JsonBody, claims: SessionClaims, context: OperationContext): Promise<void> {
  if (!Array.isArray(body.parts)) throw new SignerError(400, SIGNER_CODES.invalidRequest, 'parts must be an array');
  const wanted = new Set(body.parts.map((part: unknown) => (part as { partNumber?: unknown } | null)?.partNumber));
  let listed: unknown;
  try {
    listed = ((await context.storage.handle('list', { key: claims.key, uploadId: claims.uploadId })) as { parts: unknown }).parts;
  } catch (error) {
    // A store that cannot list parts at all (s3rver answers 405) cannot be checked this way.
    if (error instanceof SignerError && (error.status === 405 || error.status === 501)) return;
    throw error;
  }
  if (!Array.isArray(listed)) return;
  const used = (listed as { partNumber: number; size: number }[]).filter((part) => wanted.has(part.partNumber));
  if (used.length < wanted.size) return;
  const total = used.reduce((sum, part) => sum + part.size, 0);
  if (total > claims.size) {
    await context.storage.handle('abort', { key: claims.key, uploadId: claims.uploadId }).catch(() => undefined);
    throw new SignerError(400, SIGNER_CODES.sizeMismatch, `the stored parts hold ${total} bytes, more than the ${claims.size} declared; the upload was aborted`);
  }
  if (total < claims.size) {
    throw new SignerError(400, SIGNER_CODES.sizeMismatch, `the stored parts hold ${total} bytes, fewer than the ${claims.size} declared`);
  }
}
