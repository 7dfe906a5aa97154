import { PRESIGNED_OPS, trimUrl, type SignerTarget } from './definition.js';

/** QingStor, on qingstor-sdk. */
export interface QingStorConfig {
  readonly provider: 'qingstor';
  readonly bucket: string;
  /** Default `https://qingstor.com`. */
  readonly endpoint?: string;
  /** `pek3b`, `sh1a`, …; absent for an endpoint that is the zone's host already. */
  readonly zone?: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  readonly publicUrl?: string;
}

export const qingstorTarget: SignerTarget<QingStorConfig> = {
  provider: 'qingstor',
  ops: PRESIGNED_OPS,
  async create(config, ttlSeconds) {
    const { createQingStorSigner } = await import('./qingstor.js');
    const endpoint = trimUrl(config.endpoint ?? 'https://qingstor.com');
    // Objects are read at <zone>.<host>/<bucket>/<key> (path style, as the signer answers).
    const zoned = config.zone === undefined ? endpoint : endpoint.replace(/^(https?:\/\/)/, `$1${config.zone}.`);
    return createQingStorSigner({
      endpoint,
      bucket: config.bucket,
      accessKeyId: config.credentials.accessKeyId,
      secretAccessKey: config.credentials.secretAccessKey,
      ttlSeconds,
      publicUrl: trimUrl(config.publicUrl ?? zoned),
      ...(config.zone === undefined ? {} : { zone: config.zone }),
    });
  },
};
