import type { SignerTarget } from './definition.js';
import type { QiniuPolicyExtras } from './qiniu.js';

/** Qiniu Kodo resumable upload, on qiniu: the signer issues UpTokens, the browser does the rest. */
export interface QiniuConfig {
  readonly provider: 'qiniu';
  readonly bucket: string;
  readonly credentials: { readonly accessKey: string; readonly secretKey: string };
  /** Upload hosts the browser may use, in order of preference. */
  readonly uploadHosts: readonly string[] | (() => readonly string[]);
  /** Put-policy fields added to every token (protocols.md 1.2). */
  readonly putPolicy?: QiniuPolicyExtras | (() => QiniuPolicyExtras);
}

export const qiniuTarget: SignerTarget<QiniuConfig> = {
  provider: 'qiniu',
  ops: ['token', 'put', 'abort'],
  putBindsMd5: false,
  async create(config, ttlSeconds) {
    const { createQiniuSigner } = await import('./qiniu.js');
    return createQiniuSigner({
      bucket: config.bucket,
      accessKey: config.credentials.accessKey,
      secretKey: config.credentials.secretKey,
      ttlSeconds,
      uploadHosts: config.uploadHosts,
      ...(config.putPolicy === undefined ? {} : { policy: config.putPolicy }),
    });
  },
};
