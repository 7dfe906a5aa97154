import type { S3SignerOptions } from '../../src/server/targets/s3.js';

/**
 * The S3 signer's settings for a real bucket, from the environment (README "Provider: s3").
 * Credentials are not read here: the AWS SDK's default chain finds AWS_ACCESS_KEY_ID,
 * AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN (or a profile, or an instance role) itself.
 */
export const S3_ENV = {
  bucket: 'CHUNK_UPLOADER_S3_BUCKET',
  region: 'CHUNK_UPLOADER_S3_REGION',
  endpoint: 'CHUNK_UPLOADER_S3_ENDPOINT',
  forcePathStyle: 'CHUNK_UPLOADER_S3_FORCE_PATH_STYLE',
  publicUrl: 'CHUNK_UPLOADER_S3_PUBLIC_URL',
  ttlSeconds: 'CHUNK_UPLOADER_S3_URL_TTL',
} as const;

/** Undefined when no bucket is configured; throws naming the variable when a value is unusable. */
export function s3SignerOptionsFromEnv(env: Readonly<Record<string, string | undefined>>): S3SignerOptions | undefined {
  const read = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const bucket = read(S3_ENV.bucket);
  if (bucket === undefined) return undefined;
  const region = read(S3_ENV.region) ?? read('AWS_REGION') ?? 'us-east-1';
  const endpoint = read(S3_ENV.endpoint);
  if (endpoint !== undefined && !/^https?:\/\/[^/]+/.test(endpoint)) {
    throw new Error(`${S3_ENV.endpoint} must be an http(s) URL such as https://<account>.r2.cloudflarestorage.com; got ${endpoint}`);
  }
  const pathStyle = read(S3_ENV.forcePathStyle)?.toLowerCase();
  if (pathStyle !== undefined && pathStyle !== 'true' && pathStyle !== 'false') {
    throw new Error(`${S3_ENV.forcePathStyle} must be true or false; got ${pathStyle}`);
  }
  const ttlRaw = read(S3_ENV.ttlSeconds);
  const ttlSeconds = ttlRaw === undefined ? 900 : Number(ttlRaw);
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1 || ttlSeconds > 604_800) {
    throw new Error(`${S3_ENV.ttlSeconds} must be a whole number of seconds from 1 to 604800; got ${ttlRaw ?? ''}`);
  }
  const publicUrl = read(S3_ENV.publicUrl);
  return {
    bucket,
    region,
    forcePathStyle: pathStyle === 'true',
    ttlSeconds,
    ...(endpoint === undefined ? {} : { endpoint: endpoint.replace(/\/+$/, '') }),
    ...(publicUrl === undefined ? {} : { publicUrl }),
  };
}
