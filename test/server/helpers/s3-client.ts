import { S3Client } from '@aws-sdk/client-s3';
import { S3_DEFAULTS } from '../../../server/emulators/s3.js';

/** An AWS SDK client for the emulator: the vendor's code signs, our code verifies. */
export function sdkClient(endpoint: string, overrides: Partial<ConstructorParameters<typeof S3Client>[0] & object> = {}): S3Client {
  return new S3Client({
    endpoint,
    region: S3_DEFAULTS.region,
    forcePathStyle: true,
    credentials: { accessKeyId: S3_DEFAULTS.accessKeyId, secretAccessKey: S3_DEFAULTS.secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 1,
    ...overrides,
  });
}

export async function errorCode(response: Response): Promise<string | undefined> {
  return /<Code>([^<]+)<\/Code>/.exec(await response.text())?.[1];
}

/** The SDK error's S3 code and HTTP status. */
export function sdkFailure(error: unknown): { code: string | undefined; status: number | undefined } {
  const e = error as { name?: string; Code?: string; $metadata?: { httpStatusCode?: number } };
  return { code: e.Code ?? e.name, status: e.$metadata?.httpStatusCode };
}
