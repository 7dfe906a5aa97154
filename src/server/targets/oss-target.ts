import { PRESIGNED_OPS, trimUrl, type SignerTarget } from './definition.js';

/** Aliyun OSS, on ali-oss. */
export interface OssConfig {
  readonly provider: 'oss';
  readonly bucket: string;
  /** `https://oss-cn-hangzhou.aliyuncs.com`, or an emulator's URL. */
  readonly endpoint: string;
  readonly credentials: { readonly accessKeyId: string; readonly accessKeySecret: string };
  readonly publicUrl?: string;
  /**
   * How part URLs and the SDK's own requests are signed: `v1` (HMAC-SHA1, the default) or `v4`
   * (OSS4-HMAC-SHA256, which Aliyun recommends and which needs `region`).
   */
  readonly signatureVersion?: 'v1' | 'v4';
  /** The bucket's region, `cn-hangzhou` or `oss-cn-hangzhou`; V4 signs it into every scope. */
  readonly region?: string;
}

export const ossTarget: SignerTarget<OssConfig> = {
  provider: 'oss',
  ops: PRESIGNED_OPS,
  async create(config, ttlSeconds) {
    const { createOssSigner } = await import('./oss.js');
    return createOssSigner({
      endpoint: trimUrl(config.endpoint),
      bucket: config.bucket,
      accessKeyId: config.credentials.accessKeyId,
      accessKeySecret: config.credentials.accessKeySecret,
      ttlSeconds,
      publicUrl: trimUrl(config.publicUrl ?? config.endpoint),
      ...(config.signatureVersion === 'v4' ? { v4: { region: config.region ?? '' } } : {}),
    });
  },
};
