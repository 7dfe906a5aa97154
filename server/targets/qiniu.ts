import { createCountingServer } from '../emulators/counting-server.js';
import { createQiniuEmulator, QINIU_DEFAULTS } from '../emulators/qiniu.js';
import { createSigner, type QiniuPolicyExtras } from '../../src/server/index.js';
import { playgroundPolicy } from '../signer/playground-policy.js';
import type { ServerTarget, StartedTarget, TargetOptions } from './target.js';

/**
 * Qiniu: the emulator under two host names (`qiniu`, `qiniuAlt`), and `qiniuHostile`, a server
 * that only counts requests (the host a hostile `host` answer names).
 */
export async function startQiniuTarget(options: TargetOptions): Promise<StartedTarget> {
  const qiniu = await createQiniuEmulator({ port: options.ports.qiniu ?? 0 });
  const hostile = await createCountingServer('qiniu-hostile');
  const hosts = [qiniu.url, qiniu.altUrl];
  const settings = { ttlSeconds: options.ttlSeconds, uploadHosts: hosts as readonly string[], policy: {} as QiniuPolicyExtras };
  const signer = createSigner({
    provider: 'qiniu',
    bucket: QINIU_DEFAULTS.bucket,
    credentials: { accessKey: QINIU_DEFAULTS.accessKey, secretKey: QINIU_DEFAULTS.secretKey },
    uploadHosts: () => settings.uploadHosts,
    putPolicy: () => settings.policy,
    ...playgroundPolicy(settings),
  });
  return {
    urls: { qiniu: qiniu.url, qiniuAlt: qiniu.altUrl, qiniuHostile: hostile.url },
    emulators: { qiniu, 'qiniu-hostile': hostile },
    providers: { qiniu: signer },
    signers: {
      qiniu: {
        // ttlSeconds, uploadHosts (null: the emulator's two names) and put-policy extras (null: none).
        configure(changes) {
          if (typeof changes.ttlSeconds === 'number') settings.ttlSeconds = changes.ttlSeconds;
          if (Array.isArray(changes.uploadHosts)) settings.uploadHosts = changes.uploadHosts.map(String);
          if (changes.uploadHosts === null) settings.uploadHosts = hosts;
          if (typeof changes.policy === 'object') settings.policy = (changes.policy ?? {}) as QiniuPolicyExtras;
        },
      },
    },
    stop: async () => undefined,
  };
}

export const serverTarget: ServerTarget = { name: 'qiniu', start: startQiniuTarget };
