import { createPresignedPartProtocol } from './presigned-part.js';
import type { Protocol } from '../contracts/protocol.js';
import type { Target, TargetLimits } from '../contracts/target.js';
import type { PresignedPartOperations } from './shared/presigned-ops.js';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

/**
 * protocols.md 3.1: parts numbered from 0 (0..10000, at most 10000 of them), each at most 5 GB,
 * every part but the last at least 4 MB. QingStor's MB and GB are binary: its Go SDK's upload
 * client refuses parts under `1024 * 1024 * 4`, and its tools spell 64 MiB "64 MB".
 */
export const QINGSTOR_LIMITS: TargetLimits = Object.freeze({
  minPartSize: 4 * MiB,
  maxPartSize: 5 * GiB,
  maxParts: 10_000,
  firstPartNumber: 0,
  emptyFileParts: 1,
  // protocols.md 3.1: "object ≤ 50 TB".
  maxObjectSize: 50 * 1024 * 1024 * MiB,
});

/** The `qingstor` target: QingStor multipart with presigned part URLs. */
export function qingstor(): Target<'qingstor', PresignedPartOperations> {
  return {
    name: 'qingstor',
    limits: QINGSTOR_LIMITS,
    protocol: () => createQingStorProtocol(),
    demo: { label: 'QingStor', partOps: ['UploadMultipart'] },
  };
}

/** Codes of QingStor's error table (protocols.md 3.1) whose kind differs from what the status says. */
const ERROR_KINDS = {
  upload_not_exists: 'session-gone',
  bad_digest: 'integrity',
  request_expired: 'expired-credential',
  signature_not_matched: 'auth',
  invalid_access_key_id: 'auth',
  permission_denied: 'auth',
  bucket_not_exists: 'config',
  entity_too_small: 'client',
  entity_too_large: 'client',
  invalid_argument: 'client',
  invalid_request: 'client',
} as const;

/** QingStor's error body: `{"code":"…","message":"…","request_id":"…","url":"…"}`. */
function parseJsonError(body: string): { readonly code?: string; readonly message?: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return {};
  }
  if (typeof parsed !== 'object' || parsed === null) return {};
  const { code, message } = parsed as Record<string, unknown>;
  return { ...(typeof code === 'string' ? { code } : {}), ...(typeof message === 'string' ? { message } : {}) };
}

/**
 * QingStor multipart upload (protocols.md 3), with part URLs presigned by the backend (query
 * signature, signed with the part's Content-MD5 and no Content-Type, as a sliced Blob is sent).
 * Complete needs no part ETags, so the bucket's CORS rule need not expose ETag; when it does,
 * resume can keep parts by their ETag.
 */
export function createQingStorProtocol(): Protocol {
  return createPresignedPartProtocol({
    name: 'qingstor',
    limits: QINGSTOR_LIMITS,
    partStatus: 201,
    parseError: parseJsonError,
    errorKinds: ERROR_KINDS,
    // The docs call a part's etag only "a unique tag the server generated for the content", so a
    // part is never failed over it; a listed etag equal to the local MD5 still proves the bytes.
    etagIsMd5: false,
    verifyListedByMd5: true,
    etagRequired: false,
    exposeEtagHint: 'add "ETag" to expose_headers in the bucket\'s CORS rule (PUT /?cors)',
  });
}
