import qiniu from 'qiniu';
import { SignerError } from '../errors.js';
import { fileOf, keyOf, seconds, type FileBody, type JsonBody, type Seconds, type StorageHandler } from './storage-handler.js';

/** Put-policy fields a deployment (or a test) may add to every token (protocols.md 1.2). */
export interface QiniuPolicyExtras {
  readonly insertOnly?: number;
  readonly fsizeLimit?: number;
  readonly fsizeMin?: number;
  readonly mimeLimit?: string;
  readonly returnBody?: string;
  readonly callbackUrl?: string;
  readonly callbackBody?: string;
  readonly callbackBodyType?: string;
}

export interface QiniuSignerOptions {
  readonly bucket: string;
  readonly accessKey: string;
  readonly secretKey: string;
  /** Lifetime of each UpToken: it becomes the policy's deadline. */
  readonly ttlSeconds: Seconds;
  /** Upload hosts the browser may use, in order of preference (returned with every token); read per token. */
  readonly uploadHosts: readonly string[] | (() => readonly string[]);
  /** Read per token. */
  readonly policy?: QiniuPolicyExtras | (() => QiniuPolicyExtras);
}

/**
 * Qiniu with the official `qiniu` SDK: one short-lived UpToken per file, scoped to
 * `<bucket>:<key>` so it can write that key and nothing else, with the upload hosts alongside.
 * The browser speaks mkblk/bput/mkfile (or v2's multipart) itself, or sends a small file in one
 * form upload with a `put` token; the secret key never leaves this process.
 */
export function createQiniuSigner(options: QiniuSignerOptions): StorageHandler {
  const mac = new qiniu.auth.digest.Mac(options.accessKey, options.secretKey);
  const read = <T>(value: T | (() => T)): T => (typeof value === 'function' ? (value as () => T)() : value);
  return {
    async handle(op: string, body: JsonBody): Promise<unknown> {
      switch (op) {
        case 'token':
        case 'put': {
          const key = keyOf(body);
          const file = fileOf(body);
          const ttl = seconds(options.ttlSeconds);
          const issuedAt = Math.floor(Date.now() / 1000);
          // Note: Qiniu enforces the put policy when it stores the file (mkfile, a form upload), so
          // the size declared with the first token binds the object the browser sends or assembles.
          const extras = read(options.policy ?? {});
          const fsizeLimit = Math.min(extras.fsizeLimit ?? Number.MAX_SAFE_INTEGER, file.size);
          const policy = new qiniu.rs.PutPolicy({
            ...extras,
            fsizeLimit,
            ...(op === 'put' ? exactly(file, extras) : {}),
            scope: `${options.bucket}:${key}`,
            expires: ttl,
          });
          const token = policy.uploadToken(mac);
          // The SDK sets deadline = now + expires in whole seconds; report the same instant.
          const deadline = deadlineOf(token) ?? issuedAt + ttl;
          return { token, expiresAt: deadline * 1000, key, uploadHosts: read(options.uploadHosts) };
        }
        case 'abort':
          // Qiniu v1 has nothing to abort: blocks never merged are collected by the service.
          return {};
        default:
          throw new SignerError(404, 'UnknownOperation', `Qiniu has no signer operation ${op}`);
      }
    },
  };
}

/**
 * A `put` token stores one form upload of the file the browser declared: that size exactly
 * (fsizeMin too). Its type is not bound: Qiniu judges mimeLimit on the type it detects from
 * the content, which may not be the browser's (a deployment's own putPolicy.mimeLimit applies).
 */
function exactly(file: FileBody, extras: QiniuPolicyExtras): { fsizeMin: number } {
  return { fsizeMin: Math.max(extras.fsizeMin ?? 0, file.size) };
}

function deadlineOf(token: string): number | undefined {
  const encoded = token.split(':')[2];
  if (encoded === undefined) return undefined;
  try {
    const policy = JSON.parse(Buffer.from(encoded.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8')) as { deadline?: unknown };
    return typeof policy.deadline === 'number' ? policy.deadline : undefined;
  } catch {
    return undefined;
  }
}
