import { createSigner } from '../../src/server/index.js';
import { startSignerServer } from './index.js';
import { localPolicy } from './local-policy.js';
import { S3_ENV, s3SignerOptionsFromEnv } from './s3-env.js';

/**
 * Runs the reference signer alone, for a real S3 or S3-compatible bucket configured from the
 * environment (README, "Provider: s3"):
 *
 *   CHUNK_UPLOADER_S3_BUCKET=my-bucket AWS_REGION=eu-west-3 node --import tsx server/signer/serve-s3.ts
 *
 * The page then uses `endpoint: 'http://127.0.0.1:8787/s3'`. It authenticates nobody (see
 * local-policy.ts): a real backend mounts chunk-uploader/server with its own `authorize`.
 */
const options = s3SignerOptionsFromEnv(process.env);
if (options === undefined) {
  console.error(`chunk-uploader: ${S3_ENV.bucket} is not set; set it to the bucket's name (see README, "Provider: s3")`);
  process.exit(1);
}
const port = Number(process.env.CHUNK_UPLOADER_SIGNER_PORT ?? 8787);
const { ttlSeconds, credentials: _none, ...target } = options;
const server = await startSignerServer({ s3: createSigner({ provider: 's3', ...target, urlLifetimeSeconds: ttlSeconds, ...localPolicy(process.env) }) }, port);
console.log(`chunk-uploader: S3 signer for bucket ${options.bucket} (${options.endpoint ?? `AWS ${options.region}`}) at ${server.url}/s3`);
const stop = (): void => void server.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
