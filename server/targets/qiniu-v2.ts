import { createQiniuEmulator, QINIU_DEFAULTS } from '../emulators/qiniu.js';
import { createSigner } from '../../src/server/index.js';
import { playgroundPolicy } from '../signer/playground-policy.js';
import { ttlSetting, type ServerTarget, type StartedTarget, type TargetOptions } from './target.js';

/** Qiniu multipart v2: an emulator of its own (its uploads apart from v1's) and the UpToken signer. */
export async function startQiniuV2Target(options: TargetOptions): Promise<StartedTarget> {
  const emulator = await createQiniuEmulator({ port: options.ports['qiniu-v2'] ?? 0 });
  const settings = { ttlSeconds: options.ttlSeconds };
  const signer = createSigner({
    provider: 'qiniu-v2',
    bucket: QINIU_DEFAULTS.bucket,
    credentials: { accessKey: QINIU_DEFAULTS.accessKey, secretKey: QINIU_DEFAULTS.secretKey },
    uploadHosts: [emulator.url],
    ...playgroundPolicy(settings),
  });
  return {
    urls: { 'qiniu-v2': emulator.url },
    emulators: { 'qiniu-v2': emulator },
    providers: { 'qiniu-v2': signer },
    signers: { 'qiniu-v2': ttlSetting(settings) },
    stop: async () => undefined,
  };
}

export const serverTarget: ServerTarget = { name: 'qiniu-v2', start: startQiniuV2Target };
