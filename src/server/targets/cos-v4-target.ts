import type { SignerTarget } from './definition.js';

/** Tencent COS v4 slice upload: multi-effect signatures made here by hand (no SDK exists). */
export interface CosV4Config {
  readonly provider: 'cos-v4';
  readonly bucket: string;
  readonly appid: string;
  /** `https://<region>.file.myqcloud.com`, or an emulator's URL. */
  readonly endpoint: string;
  readonly credentials: { readonly secretId: string; readonly secretKey: string };
}

export const cosV4Target: SignerTarget<CosV4Config> = {
  provider: 'cos-v4',
  ops: ['sign'],
  async create(config, ttlSeconds) {
    const { createCosV4Signer } = await import('./cos-v4.js');
    return createCosV4Signer({
      endpoint: config.endpoint,
      appid: config.appid,
      bucket: config.bucket,
      secretId: config.credentials.secretId,
      secretKey: config.credentials.secretKey,
      ttlSeconds,
    });
  },
};
