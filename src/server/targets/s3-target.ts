import { PRESIGNED_OPS, trimUrl, type SignerTarget } from './definition.js';

/** S3 and S3-compatible stores, on @aws-sdk/client-s3 and @aws-sdk/s3-request-presigner. */
export interface S3Config {
  readonly provider: 's3';
  readonly bucket: string;
  /** Default `us-east-1`. */
  readonly region?: string;
  /** An S3-compatible endpoint (MinIO, R2, …); absent means AWS S3 itself. */
  readonly endpoint?: string;
  readonly forcePathStyle?: boolean;
  /** Absent: the AWS SDK's default chain (environment, profile, instance role). */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string };
  /** Where objects are read back, for the `location` of a completed upload. */
  readonly publicUrl?: string;
}

export const s3Target: SignerTarget<S3Config> = {
  provider: 's3',
  ops: PRESIGNED_OPS,
  async create(config, ttlSeconds) {
    const { createS3Signer } = await import('./s3.js');
    return createS3Signer({
      region: config.region ?? 'us-east-1',
      bucket: config.bucket,
      forcePathStyle: config.forcePathStyle ?? false,
      ttlSeconds,
      ...(config.endpoint === undefined ? {} : { endpoint: trimUrl(config.endpoint) }),
      ...(config.credentials === undefined ? {} : { credentials: config.credentials }),
      ...(config.publicUrl === undefined ? {} : { publicUrl: config.publicUrl }),
    });
  },
};
