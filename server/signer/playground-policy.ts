import { randomBytes } from 'node:crypto';
import { defaultKey, isLoopbackOrigin, type SignerPolicy } from '../../src/server/index.js';

/** Settings tests and the chaos panel change at run time (control target `signer:<route>`). */
export interface PlaygroundSettings {
  ttlSeconds: number;
}

/** One secret per process: sessions issued by one playground run mean nothing to the next. */
const SECRET = randomBytes(32);

/**
 * The playground's policy: one user, keys as the page asks (the tests scope everything by key
 * prefix), loopback origins only. A real backend authenticates (README "Authenticating to your
 * backend") and lets `key` default to per-user keys.
 */
export function playgroundPolicy(settings: PlaygroundSettings): SignerPolicy {
  return {
    authorize: () => ({ id: 'playground' }),
    secret: SECRET,
    key: (principal, file) => file.keyHint ?? defaultKey(principal, file),
    urlLifetimeSeconds: () => settings.ttlSeconds,
    allowedOrigins: isLoopbackOrigin,
  };
}
