import type { SignerTarget } from './definition.js';
import type { QiniuConfig } from './qiniu-target.js';

/**
 * Qiniu Kodo multipart v2: the signer issues UpTokens exactly as for v1 (one per file, scoped to
 * its key); the browser initiates, sends parts, lists, completes and aborts itself.
 */
export interface QiniuV2Config extends Omit<QiniuConfig, 'provider'> {
  readonly provider: 'qiniu-v2';
}

export const qiniuV2Target: SignerTarget<QiniuV2Config> = {
  provider: 'qiniu-v2',
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
