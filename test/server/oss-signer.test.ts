import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, afterEach, before, describe, it } from 'node:test';
import { createOssEmulator, OSS_DEFAULTS, type OssEmulator } from '../../server/emulators/oss.js';
import { SignerError } from '../../src/server/errors.js';
import { ossTarget } from '../../src/server/targets/oss-target.js';
import type { StorageHandler } from '../../src/server/targets/storage-handler.js';

/**
 * The reference OSS signer, configured for V1 and for V4: the emulator checks every request
 * ali-oss makes for it and every part URL it hands the browser. A whole upload goes through,
 * with the stored MD5 checked.
 */

const KiB = 1024;
const FILE = { name: 'clip.bin', size: 10, type: 'video/mp4', lastModified: 0 };

const md5 = (data: Buffer, encoding: 'hex' | 'base64'): string => createHash('md5').update(data).digest(encoding);

describe('OSS signer (ali-oss), signature V1 or V4 by configuration', () => {
  let emulator: OssEmulator;

  before(async () => {
    emulator = await createOssEmulator();
  });
  afterEach(() => emulator.reset());
  after(() => emulator.close());

  const signerFor = (signatureVersion: 'v1' | 'v4', region: string | null = OSS_DEFAULTS.region): Promise<StorageHandler> =>
    ossTarget.create(
      {
        provider: 'oss',
        bucket: OSS_DEFAULTS.bucket,
        // ali-oss refuses IP endpoints for presigning.
        endpoint: emulator.url.replace('127.0.0.1', 'localhost'),
        credentials: { accessKeyId: OSS_DEFAULTS.accessKeyId, accessKeySecret: OSS_DEFAULTS.accessKeySecret },
        signatureVersion,
        ...(region === null ? {} : { region }),
      },
      () => 600,
    );

  for (const version of ['v1', 'v4'] as const) {
    it(`uploads a file through ${version} part URLs and the SDK's ${version} requests`, async () => {
      const signer = await signerFor(version);
      const key = `signer/${version}.bin`;
      const data = Buffer.concat([Buffer.alloc(200 * KiB, 1), Buffer.alloc(50 * KiB, 2)]);
      const chunks = [data.subarray(0, 200 * KiB), data.subarray(200 * KiB)];
      const { uploadId } = (await signer.handle('initiate', { file: FILE, key })) as { uploadId: string };
      const etags: string[] = [];
      for (const [index, chunk] of chunks.entries()) {
        const { url } = (await signer.handle('part', { key, uploadId, partNumber: index + 1, contentMd5: md5(chunk, 'base64') })) as { url: string };
        if (version === 'v4') assert.match(url, /x-oss-signature-version=OSS4-HMAC-SHA256/);
        const response = await fetch(url, { method: 'PUT', body: new Uint8Array(chunk), headers: { 'Content-MD5': md5(chunk, 'base64') } });
        assert.equal(response.status, 200, await response.clone().text());
        etags.push(response.headers.get('etag') ?? '');
      }
      const { parts } = (await signer.handle('list', { key, uploadId })) as { parts: { partNumber: number }[] };
      assert.deepEqual(parts.map((p) => p.partNumber), [1, 2]);
      await signer.handle('complete', { key, uploadId, parts: etags.map((etag, i) => ({ partNumber: i + 1, etag })) });

      assert.equal(emulator.object(key)?.md5, md5(data, 'hex'));
    });
  }

  it('fails with 502 StorageUnavailable when a truncated ListParts page does not advance its marker', { timeout: 10_000 }, async () => {
    const signer = await signerFor('v1');
    const key = 'signer/stuck-list.bin';
    const { uploadId } = (await signer.handle('initiate', { file: FILE, key })) as { uploadId: string };
    const stuckPage =
      `<?xml version="1.0" encoding="UTF-8"?><ListPartsResult><Bucket>${OSS_DEFAULTS.bucket}</Bucket><Key>${key}</Key><UploadId>${uploadId}</UploadId>` +
      '<PartNumberMarker>0</PartNumberMarker><NextPartNumberMarker>0</NextPartNumberMarker><MaxParts>1000</MaxParts><IsTruncated>true</IsTruncated>' +
      '<Part><PartNumber>1</PartNumber><ETag>"0"</ETag><Size>1</Size></Part></ListPartsResult>';
    emulator.faults.add({ op: 'ListParts', action: 'status', status: 200, body: stuckPage, headers: { 'Content-Type': 'application/xml' }, times: 50 });
    await assert.rejects(
      signer.handle('list', { key, uploadId }),
      (error) => error instanceof SignerError && error.status === 502 && error.code === 'StorageUnavailable',
    );
    assert.ok(emulator.log.entries({ op: 'ListParts' }).length <= 2, 'one page, maybe a second, then it stops');
  });

  it('refuses V4 without a region', async () => {
    await assert.rejects(signerFor('v4', null), (error) => error instanceof SignerError && error.code === 'MissingRegion');
  });
});
