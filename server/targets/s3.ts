import { createSigner } from '../../src/server/index.js';
import { createS3Emulator, S3_DEFAULTS } from '../emulators/s3.js';
import { playgroundPolicy } from '../signer/playground-policy.js';
import { startS3rver } from '../third-party/s3rver.js';
import { ttlSetting, type ServerTarget, type StartedTarget, type TargetOptions } from './target.js';

/**
 * S3: our emulator (or a real bucket, `options.s3`) behind route `s3`, and s3rver, someone
 * else's S3 server, behind route `s3rver` with the same signer code (protocols.md 5.4).
 */
export async function startS3Target(options: TargetOptions): Promise<StartedTarget> {
  const s3 = await createS3Emulator({ port: options.ports.s3 ?? 0 });
  const settings = { ttlSeconds: options.ttlSeconds };
  const signer = createSigner({
    ...(options.s3 ?? {
      provider: 's3',
      endpoint: s3.url,
      region: S3_DEFAULTS.region,
      bucket: S3_DEFAULTS.bucket,
      forcePathStyle: true,
      credentials: { accessKeyId: S3_DEFAULTS.accessKeyId, secretAccessKey: S3_DEFAULTS.secretAccessKey },
    }),
    ...playgroundPolicy(settings),
  });
  const s3rver = await startS3rver(options.ports.s3rver ?? 0);
  const s3rverSettings = { ttlSeconds: options.ttlSeconds };
  const s3rverSigner = createSigner({
    provider: 's3',
    endpoint: s3rver.url,
    region: s3rver.region,
    bucket: s3rver.bucket,
    forcePathStyle: true,
    credentials: { accessKeyId: s3rver.accessKeyId, secretAccessKey: s3rver.secretAccessKey },
    ...playgroundPolicy(s3rverSettings),
  });
  return {
    urls: { s3: s3.url, s3rver: s3rver.url, s3rverBucket: `${s3rver.url}/${s3rver.bucket}` },
    emulators: { s3 },
    providers: { s3: signer, s3rver: s3rverSigner },
    signers: { s3: ttlSetting(settings), s3rver: ttlSetting(s3rverSettings) },
    stop: () => s3rver.close(),
  };
}

export const serverTarget: ServerTarget = { name: 's3', start: startS3Target };
