import { randomBytes } from 'node:crypto';
import { isLoopbackOrigin, jsonLines, type SignerPolicy } from '../../src/server/index.js';

/**
 * For trying a real bucket from a page on this machine (serve-s3.ts, serve-qingstor.ts): one
 * local user, per-user keys, loopback pages only (or CHUNK_UPLOADER_ALLOWED_ORIGINS, comma
 * separated), a log line per request. It authenticates nobody: never expose it beyond loopback.
 */
export function localPolicy(env: Readonly<Record<string, string | undefined>>): SignerPolicy {
  const origins = env.CHUNK_UPLOADER_ALLOWED_ORIGINS?.split(',').map((origin) => origin.trim()).filter((origin) => origin !== '');
  return {
    authorize: () => ({ id: 'local' }),
    secret: env.CHUNK_UPLOADER_SESSION_SECRET ?? randomBytes(32),
    allowedOrigins: origins === undefined || origins.length === 0 ? isLoopbackOrigin : origins,
    log: jsonLines((line) => console.log(line)),
  };
}
