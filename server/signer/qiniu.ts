import qiniu from 'qiniu';
import { chooseKey, fileOf, SignerError, type JsonBody } from './http.js';
import type { ProviderSigner } from './provider-signer.js';

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
  readonly ttlSeconds: number;
  /** Upload hosts the browser may use, in order of preference (returned with every token). */
  readonly uploadHosts: readonly string[];
  readonly policy?: QiniuPolicyExtras;
}

export interface QiniuSigner extends ProviderSigner {
  ttlSeconds: number;
  uploadHosts: readonly string[];
  policy: QiniuPolicyExtras;
}

/**
 * Qiniu with the official `qiniu` SDK: one short-lived UpToken per file, scoped to
 * `<bucket>:<key>` so it can write that key and nothing else, with the upload hosts alongside.
 * The browser speaks mkblk/bput/mkfile itself; the secret key never leaves this process.
 */
export function createQiniuSigner(options: QiniuSignerOptions): QiniuSigner {
  const mac = new qiniu.auth.digest.Mac(options.accessKey, options.secretKey);
  const signer: QiniuSigner = {
    ttlSeconds: options.ttlSeconds,
    uploadHosts: options.uploadHosts,
    policy: options.policy ?? {},
    async handle(op: string, body: JsonBody): Promise<unknown> {
      switch (op) {
        case 'token': {
          const key = chooseKey(body, fileOf(body));
          const issuedAt = Math.floor(Date.now() / 1000);
          const policy = new qiniu.rs.PutPolicy({ ...signer.policy, scope: `${options.bucket}:${key}`, expires: signer.ttlSeconds });
          const token = policy.uploadToken(mac);
          // The SDK sets deadline = now + expires in whole seconds; report the same instant.
          const deadline = deadlineOf(token) ?? issuedAt + signer.ttlSeconds;
          return { token, expiresAt: deadline * 1000, key, uploadHosts: signer.uploadHosts };
        }
        case 'abort':
          // Qiniu v1 has nothing to abort: blocks never merged are collected by the service.
          return {};
        default:
          throw new SignerError(404, 'UnknownOperation', `Qiniu has no signer operation ${op}`);
      }
    },
  };
  return signer;
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
