import type { QingStorSignerOptions } from '../../src/server/targets/qingstor.js';

/**
 * The QingStor signer's settings for a real bucket, from the environment (README "Provider:
 * qingstor"). The key pair goes in the variables qingstor-sdk's Node config reads.
 */
export const QINGSTOR_ENV = {
  bucket: 'CHUNK_UPLOADER_QINGSTOR_BUCKET',
  zone: 'CHUNK_UPLOADER_QINGSTOR_ZONE',
  endpoint: 'CHUNK_UPLOADER_QINGSTOR_ENDPOINT',
  publicUrl: 'CHUNK_UPLOADER_QINGSTOR_PUBLIC_URL',
  ttlSeconds: 'CHUNK_UPLOADER_QINGSTOR_URL_TTL',
  accessKeyId: 'QINGSTOR_ACCESS_KEY_ID',
  secretAccessKey: 'QINGSTOR_SECRET_ACCESS_KEY',
} as const;

/** Undefined when no bucket is configured; throws naming the variable when a value is unusable. */
export function qingstorSignerOptionsFromEnv(env: Readonly<Record<string, string | undefined>>): QingStorSignerOptions | undefined {
  const read = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const required = (name: string, what: string): string => {
    const value = read(name);
    if (value === undefined) throw new Error(`${name} is not set; set it to ${what}`);
    return value;
  };
  const bucket = read(QINGSTOR_ENV.bucket);
  if (bucket === undefined) return undefined;
  const zone = required(QINGSTOR_ENV.zone, 'the bucket\'s zone, such as pek3b or sh1a');
  const endpoint = (read(QINGSTOR_ENV.endpoint) ?? 'https://qingstor.com').replace(/\/+$/, '');
  const parsed = /^(https?):\/\/([^/:]+)(:\d+)?$/.exec(endpoint);
  if (parsed === null) throw new Error(`${QINGSTOR_ENV.endpoint} must be an http(s) URL such as https://qsstor.com; got ${endpoint}`);
  const ttlRaw = read(QINGSTOR_ENV.ttlSeconds);
  const ttlSeconds = ttlRaw === undefined ? 900 : Number(ttlRaw);
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1 || ttlSeconds > 604_800) {
    throw new Error(`${QINGSTOR_ENV.ttlSeconds} must be a whole number of seconds from 1 to 604800; got ${ttlRaw ?? ''}`);
  }
  return {
    endpoint,
    zone,
    bucket,
    accessKeyId: required(QINGSTOR_ENV.accessKeyId, 'the access key id of a key pair that may write the bucket'),
    secretAccessKey: required(QINGSTOR_ENV.secretAccessKey, 'the secret of that key pair'),
    ttlSeconds,
    // Path-style, as the signer builds locations: <zone>.<host>/<bucket>/<key>.
    publicUrl: (read(QINGSTOR_ENV.publicUrl) ?? `${parsed[1]}://${zone}.${parsed[2]}${parsed[3] ?? ''}`).replace(/\/+$/, ''),
  };
}
