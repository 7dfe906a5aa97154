import { COS_V4_DEFAULTS, createCosV4Emulator } from '../emulators/cos-v4.js';
import { createSigner, defaultKey } from '../../src/server/index.js';
import { playgroundPolicy } from '../signer/playground-policy.js';
import { ttlSetting, type ServerTarget, type StartedTarget, type TargetOptions } from './target.js';

export async function startCosV4Target(options: TargetOptions): Promise<StartedTarget> {
  const cos = await createCosV4Emulator({ port: options.ports['cos-v4'] ?? 0 });
  const settings = { ttlSeconds: options.ttlSeconds };
  const signer = createSigner({
    provider: 'cos-v4',
    endpoint: cos.url,
    appid: COS_V4_DEFAULTS.appid,
    bucket: COS_V4_DEFAULTS.bucket,
    credentials: { secretId: COS_V4_DEFAULTS.secretId, secretKey: COS_V4_DEFAULTS.secretKey },
    ...playgroundPolicy(settings),
  });
  // The same storage behind the server package's default key policy (a random id in every key,
  // the page's hint ignored), as a real backend runs it.
  const defaultKeySigner = createSigner({
    provider: 'cos-v4',
    endpoint: cos.url,
    appid: COS_V4_DEFAULTS.appid,
    bucket: COS_V4_DEFAULTS.bucket,
    credentials: { secretId: COS_V4_DEFAULTS.secretId, secretKey: COS_V4_DEFAULTS.secretKey },
    ...playgroundPolicy(settings),
    key: defaultKey,
  });
  return {
    urls: { 'cos-v4': cos.url },
    emulators: { 'cos-v4': cos },
    providers: { 'cos-v4': signer, 'cos-v4-default-key': defaultKeySigner },
    signers: { 'cos-v4': ttlSetting(settings) },
    stop: async () => undefined,
  };
}

export const serverTarget: ServerTarget = { name: 'cos-v4', start: startCosV4Target };
