import { createQingStorEmulator, QINGSTOR_DEFAULTS } from '../emulators/qingstor.js';
import { createQingStorSigner } from '../signer/qingstor.js';
import { ttlSetting, type ServerTarget, type StartedTarget, type TargetOptions } from './target.js';

export async function startQingStorTarget(options: TargetOptions): Promise<StartedTarget> {
  const qingstor = await createQingStorEmulator({ port: options.ports.qingstor ?? 0 });
  const signer = createQingStorSigner({
    // Path-style on loopback: no zone, the emulator's host and port are the endpoint.
    endpoint: qingstor.url,
    bucket: QINGSTOR_DEFAULTS.bucket,
    accessKeyId: QINGSTOR_DEFAULTS.accessKeyId,
    secretAccessKey: QINGSTOR_DEFAULTS.secretAccessKey,
    ttlSeconds: options.ttlSeconds,
    publicUrl: qingstor.url,
  });
  return {
    urls: { qingstor: qingstor.url },
    emulators: { qingstor },
    providers: { qingstor: signer },
    signers: { qingstor: ttlSetting(signer) },
    stop: async () => undefined,
  };
}

export const serverTarget: ServerTarget = { name: 'qingstor', start: startQingStorTarget };
