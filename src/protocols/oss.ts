import { createPresignedPartProtocol } from './presigned-part.js';
import type { Protocol } from '../contracts/protocol.js';
import type { Target, TargetLimits } from '../contracts/target.js';
import type { PresignedPartOperations } from './shared/presigned-ops.js';
import { xmlText } from './shared/xml.js';

const GiB = 1024 ** 3;

/** protocols.md 2.1: parts 100 KB..5 GB (the last any size), numbered 1..10000; so 48.8 TB at most. */
export const OSS_LIMITS: TargetLimits = Object.freeze({
  minPartSize: 100 * 1024,
  maxPartSize: 5 * GiB,
  maxParts: 10_000,
  firstPartNumber: 1,
  emptyFileParts: 1,
  maxObjectSize: 10_000 * 5 * GiB,
});

/** The `oss` target: Aliyun OSS multipart with presigned part URLs. */
export function oss(): Target<'oss', PresignedPartOperations> {
  return {
    name: 'oss',
    limits: OSS_LIMITS,
    protocol: () => createOssProtocol(),
    demo: { label: 'Aliyun OSS', partOps: ['UploadPart'] },
  };
}

/** Aliyun OSS multipart upload, with part URLs presigned by the backend (signature V1 or V4). */
export function createOssProtocol(): Protocol {
  return createPresignedPartProtocol({
    name: 'oss',
    limits: OSS_LIMITS,
    partStatus: 200,
    parseError: (body) => {
      const code = xmlText(body, 'Code');
      const message = xmlText(body, 'Message');
      return { ...(code === undefined ? {} : { code }), ...(message === undefined ? {} : { message }) };
    },
    errorKinds: {
      InvalidDigest: 'integrity',
      BadDigest: 'integrity',
      InvalidPart: 'integrity',
      NoSuchUpload: 'session-gone',
      SignatureDoesNotMatch: 'auth',
      InvalidAccessKeyId: 'auth',
      RequestTimeTooSkewed: 'expired-credential',
      EntityTooSmall: 'client',
      InvalidPartOrder: 'client',
      InvalidArgument: 'client',
      FileAlreadyExists: 'conflict',
      SlowDown: 'throttled',
    },
    // protocols.md 2.1: an expired presigned URL is a 403 AccessDenied saying so.
    refineKind: (status, code, message) =>
      status === 403 && code === 'AccessDenied' && /expired/i.test(message ?? '') ? 'expired-credential' : undefined,
    etagIsMd5: true,
    etagRequired: true,
    exposeEtagHint: 'add "ETag" to ExposeHeaders in the bucket\'s CORS rule (OSS console → Bucket → Content Security → CORS)',
  });
}
