import { createSigner } from '../../src/server/index.js';
import { startSignerServer } from './index.js';
import { localPolicy } from './local-policy.js';
import { QINGSTOR_ENV, qingstorSignerOptionsFromEnv } from './qingstor-env.js';

/**
 * Runs the reference signer alone, for a real QingStor bucket configured from the environment
 * (README, "Provider: qingstor"):
 *
 *   CHUNK_UPLOADER_QINGSTOR_BUCKET=my-bucket CHUNK_UPLOADER_QINGSTOR_ZONE=pek3b \
 *   QINGSTOR_ACCESS_KEY_ID=… QINGSTOR_SECRET_ACCESS_KEY=… node --import tsx server/signer/serve-qingstor.ts
 *
 * The page then uses `endpoint: 'http://127.0.0.1:8787/qingstor'`. It authenticates nobody (see
 * local-policy.ts): a real backend mounts chunk-uploader/server with its own `authorize`.
 */
let options;
try {
  options = qingstorSignerOptionsFromEnv(process.env);
} catch (error) {
  console.error(`chunk-uploader: ${error instanceof Error ? error.message : String(error)} (see README, "Provider: qingstor")`);
  process.exit(1);
}
if (options === undefined) {
  console.error(`chunk-uploader: ${QINGSTOR_ENV.bucket} is not set; set it to the bucket's name (see README, "Provider: qingstor")`);
  process.exit(1);
}
const port = Number(process.env.CHUNK_UPLOADER_SIGNER_PORT ?? 8787);
const { ttlSeconds, accessKeyId, secretAccessKey, listPageSize: _default, ...target } = options;
const signer = createSigner({
  provider: 'qingstor',
  ...target,
  credentials: { accessKeyId, secretAccessKey },
  urlLifetimeSeconds: ttlSeconds,
  ...localPolicy(process.env),
});
const server = await startSignerServer({ qingstor: signer }, port);
console.log(`chunk-uploader: QingStor signer for bucket ${options.bucket} (${options.zone} at ${options.endpoint}) at ${server.url}/qingstor`);
const stop = (): void => void server.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
