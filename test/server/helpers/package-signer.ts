import { createHash } from 'node:crypto';
import { createS3Emulator, S3_DEFAULTS, type S3Emulator } from '../../../server/emulators/s3.js';
import { createSigner, type Signer, type SignerLogEntry, type SignerPolicy } from '../../../src/server/index.js';

export const SECRET = 'test-secret-that-is-at-least-32-bytes-long';

/** `authorize` for the tests: the user named by the `x-test-user` header, or nobody. */
export const byHeader: SignerPolicy['authorize'] = (request) => {
  const user = request.headers.get('x-test-user');
  return user === null ? null : { id: user };
};

export interface Rig {
  readonly emulator: S3Emulator;
  readonly signer: Signer;
  readonly logs: SignerLogEntry[];
  /** POST `/api/s3/<op>` as `user` (no user: unauthenticated). */
  call(op: string, body: Record<string, unknown>, user?: string, headers?: Record<string, string>): Promise<Answer>;
  close(): Promise<void>;
}

export interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly headers: Headers;
}

/** A package signer for S3 against our emulator (which checks every signature itself). */
export async function startRig(policy: Partial<SignerPolicy> = {}): Promise<Rig> {
  const emulator = await createS3Emulator();
  const logs: SignerLogEntry[] = [];
  const signer = createSigner({
    provider: 's3',
    endpoint: emulator.url,
    region: S3_DEFAULTS.region,
    bucket: S3_DEFAULTS.bucket,
    forcePathStyle: true,
    credentials: { accessKeyId: S3_DEFAULTS.accessKeyId, secretAccessKey: S3_DEFAULTS.secretAccessKey },
    authorize: byHeader,
    secret: SECRET,
    log: (entry) => logs.push(entry),
    ...policy,
  });
  return {
    emulator,
    signer,
    logs,
    async call(op, body, user, headers = {}) {
      const response = await signer.handle(
        new Request(`http://signer.test/api/s3/${op}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(user === undefined ? {} : { 'x-test-user': user }), ...headers },
          body: JSON.stringify({ op, provider: 's3', ...body }),
        }),
      );
      return { status: response.status, body: (await response.json()) as Record<string, unknown>, headers: response.headers };
    },
    close: () => emulator.close(),
  };
}

export function md5(body: Buffer | string, encoding: 'hex' | 'base64'): string {
  return createHash('md5').update(body).digest(encoding);
}

export const file = (size: number, name = 'report.pdf', type = 'application/pdf'): Record<string, unknown> => ({
  file: { name, size, type, lastModified: 0 },
});
