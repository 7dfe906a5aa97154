import type { ErrorKind } from '../transport/upload-error.js';
import { createPresignedPartProtocol } from './presigned-part.js';
import type { Protocol } from '../contracts/protocol.js';
import type { Target, TargetLimits } from '../contracts/target.js';
import type { PresignedPartOperations } from './shared/presigned-ops.js';
import { xmlText } from './shared/xml.js';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

/** protocols.md 5.1: parts 5 MiB..5 GiB (the last any size), numbered 1..10000. */
export const S3_LIMITS: TargetLimits = Object.freeze({
  minPartSize: 5 * MiB,
  maxPartSize: 5 * GiB,
  maxParts: 10_000,
  firstPartNumber: 1,
  emptyFileParts: 1,
  // protocols.md 5.1: 48.8 TiB in AWS's current page (10000 parts of 5 GiB).
  maxObjectSize: 10_000 * 5 * GiB,
});

/** protocols.md 5.1 error table, plus the codes S3 answers for expired or temporary credentials. */
export const S3_ERROR_KINDS: Readonly<Record<string, ErrorKind>> = Object.freeze({
  BadDigest: 'integrity',
  InvalidDigest: 'integrity',
  XAmzContentSHA256Mismatch: 'integrity',
  InvalidPart: 'integrity',
  NoSuchUpload: 'session-gone',
  SignatureDoesNotMatch: 'auth',
  InvalidAccessKeyId: 'auth',
  RequestTimeTooSkewed: 'expired-credential',
  ExpiredToken: 'expired-credential',
  TokenRefreshRequired: 'expired-credential',
  EntityTooSmall: 'client',
  EntityTooLarge: 'client',
  InvalidPartOrder: 'client',
  InvalidArgument: 'client',
  MalformedXML: 'client',
  NoSuchBucket: 'config',
  SlowDown: 'throttled',
  ServiceUnavailable: 'throttled',
  InternalError: 'server',
  RequestTimeout: 'timeout',
  IncompleteBody: 'network',
});

export interface S3ProtocolOptions {
  /**
   * What a part's ETag is. `md5` (the default) lets the adapter check each stored part against
   * the bytes sent and recognise listed parts on resume. Buckets with SSE-KMS or SSE-C default
   * encryption answer ETags that are not MD5s: use `opaque` there (S3 still checks Content-MD5).
   */
  readonly partEtag?: 'md5' | 'opaque';
}

/**
 * What to tell a developer whose bucket hides the ETag header (the most common failure of
 * browser uploads to S3; protocols.md 5.3): the exact rule and where to put it.
 */
export const S3_EXPOSE_ETAG_HINT =
  'add "ETag" to ExposeHeaders in the bucket\'s CORS configuration: in the AWS console, S3 → the bucket → Permissions → ' +
  'Cross-origin resource sharing (CORS), add "ExposeHeaders": ["ETag"] to the rule for your page\'s origin; or run ' +
  '`aws s3api put-bucket-cors --bucket <bucket> --cors-configuration \'{"CORSRules":[{"AllowedOrigins":["<your page origin>"],' +
  '"AllowedMethods":["PUT"],"AllowedHeaders":["*"],"ExposeHeaders":["ETag"],"MaxAgeSeconds":3600}]}\'` ' +
  '(it replaces the bucket\'s CORS rules, so include any you keep) ' +
  '(the same rule works for MinIO, R2, COS and OSS; see the README, "Provider: s3")';

/**
 * S3 multipart upload with SigV4 part URLs presigned by the backend (protocols.md 5), for AWS S3
 * and S3-compatible stores: configuration of the presigned-part family. Every part carries
 * Content-MD5; Complete happens in the backend, which treats S3's 200-with-`<Error>` as failure.
 */
export function createS3Protocol(options: S3ProtocolOptions = {}): Protocol {
  return createPresignedPartProtocol({
    name: 's3',
    limits: S3_LIMITS,
    partStatus: 200,
    parseError: (body) => {
      const code = xmlText(body, 'Code');
      const message = xmlText(body, 'Message');
      return { ...(code === undefined ? {} : { code }), ...(message === undefined ? {} : { message }) };
    },
    errorKinds: S3_ERROR_KINDS,
    // protocols.md 5.1: an expired presigned URL is a 403 AccessDenied "Request has expired".
    refineKind: (status, code, message) =>
      status === 403 && code === 'AccessDenied' && /expired/i.test(message ?? '') ? 'expired-credential' : undefined,
    etagIsMd5: (options.partEtag ?? 'md5') === 'md5',
    etagRequired: true,
    exposeEtagHint: S3_EXPOSE_ETAG_HINT,
  });
}

/** The `s3` target: S3 multipart with SigV4 presigned part URLs; reads the `part-etag` attribute. */
export function s3(options: S3ProtocolOptions = {}): Target<'s3', PresignedPartOperations, S3ProtocolOptions> {
  return {
    name: 's3',
    limits: S3_LIMITS,
    protocol: (overrides = {}) => createS3Protocol({ ...options, ...overrides }),
    attributes: [
      {
        name: 'part-etag',
        parse: (text) => {
          const value = text.trim().toLowerCase();
          return value === 'md5' || value === 'opaque' ? { partEtag: value } : undefined;
        },
        invalid: {
          en: (value) => `part-etag must be “md5” or “opaque”, not “${value}”. Uploads are off until it is fixed.`,
          'zh-CN': (value) => `part-etag 必须是“md5”或“opaque”，而不是“${value}”。修正之前无法上传。`,
        },
      },
    ],
    demo: { label: 'S3 (SigV4)', partOps: ['UploadPart'] },
  };
}
