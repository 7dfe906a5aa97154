import { classifyStatus, retryAfterOf } from '../../transport/classify.js';
import type { HttpResponse } from '../../transport/transport.js';
import { UploadError, type ErrorKind } from '../../transport/upload-error.js';
import { isJsonObject, type JsonObject } from '../../contracts/json.js';
import { xmlText } from '../shared/xml.js';
import { issuedSession } from '../shared/sign-answers.js';
import { isAzureUploadId } from './block-id.js';
import type { AzureSas, AzureStarted } from './operations.js';

/**
 * Azure Blob answers (learn.microsoft.com/rest/api/storageservices/blob-service-error-codes):
 * `<Error><Code/><Message/>` XML with the code also in `x-ms-error-code`, and for a refused SAS an
 * `<AuthenticationErrorDetail>`. Codes whose kind differs from what the status alone says:
 */
const ERROR_KINDS: Readonly<Record<string, ErrorKind>> = {
  Md5Mismatch: 'integrity',
  Crc64Mismatch: 'integrity',
  InvalidBlockList: 'integrity',
  ContainerNotFound: 'config',
  ContainerBeingDeleted: 'config',
  AuthorizationPermissionMismatch: 'auth',
  AuthorizationResourceTypeMismatch: 'auth',
  AuthorizationProtocolMismatch: 'config',
  AuthorizationSourceIPMismatch: 'auth',
  BlockCountExceedsLimit: 'client',
  RequestBodyTooLarge: 'client',
  InvalidBlockId: 'client',
  OperationTimedOut: 'timeout',
  ServerBusy: 'throttled',
  InternalError: 'server',
};

export interface ListedBlock {
  readonly blockId: string;
  readonly size: number;
}

/** The kind of a refused Put Block, and whether it says the SAS ran out. */
export function putBlockError(response: HttpResponse, url: string, partNumber: number, signed: AzureSas, nowMs: number): UploadError {
  const code = response.header('x-ms-error-code') ?? xmlText(response.body, 'Code');
  const message = xmlText(response.body, 'Message')?.split('\n', 1)[0];
  const detail = xmlText(response.body, 'AuthenticationErrorDetail');
  return new UploadError(
    `block ${partNumber} failed with HTTP ${response.status}${code === undefined ? '' : ` ${code}`}${message === undefined ? '' : `: ${message}`}${
      detail === undefined ? '' : ` (${detail})`
    }`,
    {
      kind: kindOf(response.status, code, message, detail, signed, nowMs),
      status: response.status,
      ...(code === undefined ? {} : { code }),
      method: 'PUT',
      url,
      retryAfterMs: retryAfterOf(response),
    },
  );
}

function kindOf(status: number, code: string | undefined, message: string | undefined, detail: string | undefined, signed: AzureSas, nowMs: number): ErrorKind {
  if (status === 403 && (code === 'AuthenticationFailed' || code === 'AuthorizationFailure')) {
    // Azure names the time window of an expired SAS in the detail; Azurite answers a bare
    // AuthorizationFailure, the same as for a bad signature, so our own record of the expiry
    // decides there (a bad signature on a live SAS stays a terminal `auth`).
    if (/not valid in the specified time frame|expired/i.test(detail ?? '') || nowMs >= signed.expiresAt) return 'expired-credential';
    return 'auth';
  }
  // Azurite refuses a Content-MD5 mismatch as 400 InvalidOperation "Provided contentMD5 doesn't match."
  if (status === 400 && code === 'InvalidOperation' && /md5/i.test(message ?? '')) return 'integrity';
  return (code === undefined ? undefined : ERROR_KINDS[code]) ?? classifyStatus(status);
}

/** A relayed signer failure, with the kind its Azure code means. */
export function relayedKind(error: unknown): unknown {
  if (!(error instanceof UploadError) || error.code === undefined) return error;
  const kind = ERROR_KINDS[error.code];
  if (kind === undefined || kind === error.kind) return error;
  return new UploadError(error.message, { ...error, kind, cause: error });
}

function malformed(op: string, what: string): UploadError {
  return new UploadError(`the signer's answer to ${op} is malformed: ${what}`, { kind: 'protocol', code: 'bad-signer-answer' });
}

function record(op: string, value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw malformed(op, 'not a JSON object');
  return value as Record<string, unknown>;
}

export function expectSigned(op: string, value: unknown): AzureSas {
  const answer = record(op, value);
  const { url, expiresAt } = answer;
  if (typeof url !== 'string' || !/^https?:\/\/[^?#]+\?[^#]*\bsig=/i.test(url)) throw malformed(op, 'url must be an absolute blob URL with a SAS query');
  if (typeof expiresAt !== 'number' || !Number.isFinite(expiresAt)) throw malformed(op, 'expiresAt must be a number (unix ms)');
  return { url, expiresAt };
}

export function expectStarted(value: unknown): AzureStarted {
  const answer = record('initiate', value);
  const { key, uploadId } = answer;
  if (typeof key !== 'string' || key === '') throw malformed('initiate', 'key must be a non-empty string');
  if (typeof uploadId !== 'string' || !isAzureUploadId(uploadId)) throw malformed('initiate', 'uploadId must be 32 lowercase hex digits');
  const issued = issuedSession('initiate', answer);
  const session = issued === undefined ? {} : { session: issued.token, sessionExpiresAt: issued.expiresAt };
  return { key, uploadId, ...expectSigned('initiate', value), ...session };
}

export function expectBlocks(value: unknown): readonly ListedBlock[] {
  const { blocks } = record('list', value);
  if (!Array.isArray(blocks)) throw malformed('list', 'blocks must be an array');
  return blocks.map((item: unknown) => {
    const { blockId, size } = record('list', item);
    if (typeof blockId !== 'string' || typeof size !== 'number' || !Number.isInteger(size) || size < 0) {
      throw malformed('list', 'each block needs a blockId and a size');
    }
    return { blockId, size };
  });
}

/** The backend's answer to complete, kept as the result's `response`. */
export function expectCommitted(value: unknown): JsonObject & { readonly key: string } {
  if (!isJsonObject(value)) throw malformed('complete', 'not a JSON object');
  const key = value.key;
  if (typeof key !== 'string' || key === '') throw malformed('complete', 'key must be a non-empty string');
  return { ...value, key };
}
