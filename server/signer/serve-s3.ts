import { startSignerServer } from './index.js';
import { createS3Signer } from './s3.js';
import { S3_ENV, s3SignerOptionsFromEnv } from './s3-env.js';

/**
 * Runs the reference signer alone, for a real S3 or S3-compatible bucket configured from the
 * environment (README, "Provider: s3"):
 *
 *   CHUNK_UPLOADER_S3_BUCKET=my-bucket AWS_REGION=eu-west-3 node --import tsx server/signer/serve-s3.ts
 *
 * The page then uses `endpoint: 'http://127.0.0.1:8787/s3'`. A real backend must also check
 * who may write which key; this reference one accepts any safe key.
 */
const options = s3SignerOptionsFromEnv(process.env);
if (options === undefined) {
  console.error(`chunk-uploader: ${S3_ENV.bucket} is not set; set it to the bucket's name (see README, "Provider: s3")`);
  process.exit(1);
}
const port = Number(process.env.CHUNK_UPLOADER_SIGNER_PORT ?? 8787);
const server = await startSignerServer({ s3: createS3Signer(options) }, port);
console.log(`chunk-uploader: S3 signer for bucket ${options.bucket} (${options.endpoint ?? `AWS ${options.region}`}) at ${server.url}/s3`);
const stop = (): void => void server.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
