import { createOssEmulator, OSS_DEFAULTS } from '../emulators/oss.js';
import { createOssSigner } from '../signer/oss.js';
import { ttlSetting, type ServerTarget, type StartedTarget, type TargetOptions } from './target.js';

export async function startOssTarget(options: TargetOptions): Promise<StartedTarget> {
  const oss = await createOssEmulator({ port: options.ports.oss ?? 0 });
  const signer = createOssSigner({
    // The SDK refuses IP endpoints for presigning; localhost reaches the same loopback server.
    endpoint: oss.url.replace('127.0.0.1', 'localhost'),
    bucket: OSS_DEFAULTS.bucket,
    accessKeyId: OSS_DEFAULTS.accessKeyId,
    accessKeySecret: OSS_DEFAULTS.accessKeySecret,
    ttlSeconds: options.ttlSeconds,
    publicUrl: oss.url,
  });
  return {
    urls: { oss: oss.url },
    emulators: { oss },
    providers: { oss: signer },
    signers: { oss: ttlSetting(signer) },
    stop: async () => undefined,
  };
}

export const serverTarget: ServerTarget = { name: 'oss', start: startOssTarget };
