import { createOssEmulator, OSS_DEFAULTS } from '../emulators/oss.js';
import { createSigner } from '../../src/server/index.js';
import { playgroundPolicy } from '../signer/playground-policy.js';
import { ttlSetting, type ServerTarget, type StartedTarget, type TargetOptions } from './target.js';

export async function startOssTarget(options: TargetOptions): Promise<StartedTarget> {
  const oss = await createOssEmulator({ port: options.ports.oss ?? 0 });
  const settings = { ttlSeconds: options.ttlSeconds };
  const signer = createSigner({
    provider: 'oss',
    // The SDK refuses IP endpoints for presigning; localhost reaches the same loopback server.
    endpoint: oss.url.replace('127.0.0.1', 'localhost'),
    bucket: OSS_DEFAULTS.bucket,
    credentials: { accessKeyId: OSS_DEFAULTS.accessKeyId, accessKeySecret: OSS_DEFAULTS.accessKeySecret },
    publicUrl: oss.url,
    ...playgroundPolicy(settings),
  });
  return {
    urls: { oss: oss.url },
    emulators: { oss },
    providers: { oss: signer },
    signers: { oss: ttlSetting(settings) },
    stop: async () => undefined,
  };
}

export const serverTarget: ServerTarget = { name: 'oss', start: startOssTarget };
