import { createQingStorEmulator, QINGSTOR_DEFAULTS } from '../emulators/qingstor.js';
import { createSigner } from '../../src/server/index.js';
import { playgroundPolicy } from '../signer/playground-policy.js';
import { ttlSetting, type ServerTarget, type StartedTarget, type TargetOptions } from './target.js';

export async function startQingStorTarget(options: TargetOptions): Promise<StartedTarget> {
  const qingstor = await createQingStorEmulator({ port: options.ports.qingstor ?? 0 });
  const settings = { ttlSeconds: options.ttlSeconds };
  const signer = createSigner({
    provider: 'qingstor',
    // Path-style on loopback: no zone, the emulator's host and port are the endpoint.
    endpoint: qingstor.url,
    bucket: QINGSTOR_DEFAULTS.bucket,
    credentials: { accessKeyId: QINGSTOR_DEFAULTS.accessKeyId, secretAccessKey: QINGSTOR_DEFAULTS.secretAccessKey },
    publicUrl: qingstor.url,
    ...playgroundPolicy(settings),
  });
  return {
    urls: { qingstor: qingstor.url },
    emulators: { qingstor },
    providers: { qingstor: signer },
    signers: { qingstor: ttlSetting(settings) },
    stop: async () => undefined,
  };
}

export const serverTarget: ServerTarget = { name: 'qingstor', start: startQingStorTarget };
