import { createCountingServer } from '../emulators/counting-server.js';
import { createQiniuEmulator, QINIU_DEFAULTS } from '../emulators/qiniu.js';
import { createQiniuSigner, type QiniuPolicyExtras } from '../signer/qiniu.js';
import type { ServerTarget, StartedTarget, TargetOptions } from './target.js';

/**
 * Qiniu: the emulator under two host names (`qiniu`, `qiniuAlt`), and `qiniuHostile`, a server
 * that only counts requests (the host a hostile `host` answer names).
 */
export async function startQiniuTarget(options: TargetOptions): Promise<StartedTarget> {
  const qiniu = await createQiniuEmulator({ port: options.ports.qiniu ?? 0 });
  const hostile = await createCountingServer('qiniu-hostile');
  const hosts = [qiniu.url, qiniu.altUrl];
  const signer = createQiniuSigner({
    bucket: QINIU_DEFAULTS.bucket,
    accessKey: QINIU_DEFAULTS.accessKey,
    secretKey: QINIU_DEFAULTS.secretKey,
    ttlSeconds: options.ttlSeconds,
    uploadHosts: hosts,
  });
  return {
    urls: { qiniu: qiniu.url, qiniuAlt: qiniu.altUrl, qiniuHostile: hostile.url },
    emulators: { qiniu, 'qiniu-hostile': hostile },
    providers: { qiniu: signer },
    signers: {
      qiniu: {
        // ttlSeconds, uploadHosts (null: the emulator's two names) and put-policy extras (null: none).
        configure(settings) {
          if (typeof settings.ttlSeconds === 'number') signer.ttlSeconds = settings.ttlSeconds;
          if (Array.isArray(settings.uploadHosts)) signer.uploadHosts = settings.uploadHosts.map(String);
          if (settings.uploadHosts === null) signer.uploadHosts = hosts;
          if (typeof settings.policy === 'object') signer.policy = (settings.policy ?? {}) as QiniuPolicyExtras;
        },
      },
    },
    stop: async () => undefined,
  };
}

export const serverTarget: ServerTarget = { name: 'qiniu', start: startQiniuTarget };
