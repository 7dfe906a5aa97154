import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, afterEach, before, describe, it } from 'node:test';
import OSS from 'ali-oss';
import { createOssEmulator, OSS_DEFAULTS, type OssEmulator } from '../../server/emulators/oss.js';
import { errorCode } from './helpers/oss-client.js';

/**
 * ali-oss itself, signing with V1 and with V4 (authorizationV4), against the emulator: its
 * multipartUpload, listParts, abort and putObject succeed and store the file's bytes, and what
 * OSS refuses (a wrong secret, a clock off, an expired URL, another region) is refused with
 * OSS's status and code.
 */

const KiB = 1024;

function file(size: number, seed: number): Buffer {
  const data = Buffer.alloc(size);
  for (let i = 0; i < size; i += 512) data.writeUInt32LE((i * 2654435761 + seed) >>> 0, i);
  return data;
}

const md5 = (data: Buffer): string => createHash('md5').update(data).digest('hex');

interface OssFailure {
  readonly status?: number;
  readonly code?: string;
}

async function failureOf(promise: Promise<unknown>): Promise<OssFailure> {
  try {
    await promise;
  } catch (error) {
    const e = error as OssFailure;
    return { status: e.status, code: e.code };
  }
  return assert.fail('the request succeeded');
}

describe('OSS emulator · ali-oss with signature V1 and V4', () => {
  let emulator: OssEmulator;

  before(async () => {
    emulator = await createOssEmulator();
  });
  afterEach(() => emulator.reset());
  after(() => emulator.close());

  /** A client for the emulator; ali-oss refuses IP endpoints, so it goes through localhost. */
  const client = (v4: boolean, overrides: Partial<OSS.Options> = {}): OSS => {
    const oss = new OSS({
      endpoint: emulator.url.replace('127.0.0.1', 'localhost'),
      accessKeyId: OSS_DEFAULTS.accessKeyId,
      accessKeySecret: OSS_DEFAULTS.accessKeySecret,
      bucket: OSS_DEFAULTS.bucket,
      secure: false,
      region: `oss-${OSS_DEFAULTS.region}`,
      authorizationV4: v4,
      ...overrides,
    });
    // Path-style addressing, as the emulator routes.
    (oss as unknown as { setSLDEnabled(enable: boolean): void }).setSLDEnabled(true);
    return oss;
  };

  for (const version of ['V1', 'V4'] as const) {
    const v4 = version === 'V4';

    describe(version, () => {
      it('putObject stores the bytes', async () => {
        const data = file(150 * KiB, 1);
        await client(v4).put('sdk/put.bin', data);

        assert.equal(emulator.object('sdk/put.bin')?.md5, md5(data));
      });

      it('multipartUpload sends 4 parts in parallel and completes them', async () => {
        const data = file(1000 * KiB, 2);
        const result = await client(v4).multipartUpload('sdk/multi.bin', data, { partSize: 300 * KiB, parallel: 2 });

        assert.equal(result.res.status, 200);
        assert.equal(emulator.object('sdk/multi.bin')?.md5, md5(data));
        assert.match(emulator.object('sdk/multi.bin')?.etag ?? '', /-4"$/);
      });

      it('listParts lists what was uploaded, and abort forgets the upload', async () => {
        const oss = client(v4);
        const { uploadId } = await oss.initMultipartUpload('sdk/abort.bin');
        const first = file(200 * KiB, 3);
        await oss.uploadPart('sdk/abort.bin', uploadId, 1, first as unknown as string, 0, first.length);
        await oss.uploadPart('sdk/abort.bin', uploadId, 2, first as unknown as string, 0, 1000);

        const listed = await oss.listParts('sdk/abort.bin', uploadId, {} as OSS.ListPartsQuery);
        const parts = listed.parts as unknown as { PartNumber: string; Size: string }[];
        assert.deepEqual(parts.map((p) => [p.PartNumber, p.Size]), [['1', String(200 * KiB)], ['2', '1000']]);

        await oss.abortMultipartUpload('sdk/abort.bin', uploadId);
        assert.deepEqual(emulator.uploads(), []);
        assert.deepEqual(await failureOf(oss.listParts('sdk/abort.bin', uploadId, {} as OSS.ListPartsQuery)), { status: 404, code: 'NoSuchUpload' });
      });

      it('a wrong secret is 403 SignatureDoesNotMatch', async () => {
        const failure = await failureOf(client(v4, { accessKeySecret: 'not-the-secret' }).put('sdk/secret.bin', Buffer.from('x')));

        assert.deepEqual(failure, { status: 403, code: 'SignatureDoesNotMatch' });
      });

      it('a request 20 minutes off the server clock is 403 RequestTimeTooSkewed', async () => {
        emulator.configure({ clockOffsetMs: 20 * 60 * 1000 });

        const failure = await failureOf(client(v4).put('sdk/skew.bin', Buffer.from('x')));

        assert.deepEqual(failure, { status: 403, code: 'RequestTimeTooSkewed' });
      });

      it('an expired presigned part URL is 403 AccessDenied, a valid one stores the part', async () => {
        const oss = client(v4);
        const { uploadId } = await oss.initMultipartUpload('sdk/url.bin');
        const sign = (): Promise<string> =>
          v4
            ? oss.signatureUrlV4('PUT', 60, { queries: { partNumber: '1', uploadId } }, 'sdk/url.bin')
            : Promise.resolve(oss.signatureUrl('sdk/url.bin', { method: 'PUT', expires: 60, subResource: { partNumber: 1, uploadId } } as OSS.SignatureUrlOptions));
        const url = await sign();

        const good = await fetch(url, { method: 'PUT', body: new Uint8Array(file(1000, 4)) });
        assert.equal(good.status, 200, await good.clone().text());
        emulator.configure({ clockOffsetMs: 120_000 });
        const late = await fetch(url, { method: 'PUT', body: new Uint8Array(file(1000, 4)) });

        assert.equal(late.status, 403);
        assert.equal(await errorCode(late), 'AccessDenied');
      });
    });
  }

  describe('V4 only', () => {
    it('a signature scoped to another region is 400 InvalidArgument', async () => {
      const failure = await failureOf(client(true, { region: 'oss-cn-beijing' }).put('sdk/region.bin', Buffer.from('x')));

      assert.deepEqual(failure, { status: 400, code: 'InvalidArgument' });
    });

    it('a URL whose signed Content-MD5 does not match the body is 400 InvalidDigest', async () => {
      const oss = client(true);
      const { uploadId } = await oss.initMultipartUpload('sdk/md5.bin');
      const contentMd5 = createHash('md5').update('other bytes').digest('base64');
      const url = await oss.signatureUrlV4('PUT', 60, { headers: { 'Content-MD5': contentMd5 }, queries: { partNumber: '1', uploadId } }, 'sdk/md5.bin');

      const response = await fetch(url, { method: 'PUT', body: new Uint8Array(file(1000, 5)), headers: { 'Content-MD5': contentMd5 } });

      assert.equal(response.status, 400);
      assert.equal(await errorCode(response), 'InvalidDigest');
    });

    it('a URL sent with a Content-MD5 it did not sign is 403 SignatureDoesNotMatch', async () => {
      const oss = client(true);
      const { uploadId } = await oss.initMultipartUpload('sdk/unsigned.bin');
      const url = await oss.signatureUrlV4('PUT', 60, { queries: { partNumber: '1', uploadId } }, 'sdk/unsigned.bin');
      const body = file(1000, 6);

      const response = await fetch(url, { method: 'PUT', body: new Uint8Array(body), headers: { 'Content-MD5': createHash('md5').update(body).digest('base64') } });

      assert.equal(response.status, 403);
      assert.equal(await errorCode(response), 'SignatureDoesNotMatch');
    });
  });
});
