/**
 * Tencent's own browser SDK, `cos-js-sdk-v4` 1.2.1 (deprecated but the only official v4 client),
 * uploading by slices to our COS v4 emulator: protocols.md 4.1 (upload_slice_list, init with
 * uploadparts, data, finish), 4.2 (the SDK lists before init), 4.3 (-97 for a wrong signature)
 * and 4.6 (the multi-effect signature our signer issues). It lives
 * under test/unit only because that folder runs in Chromium alone, where issue 15 asks for it:
 * nothing of ours is under test here but the emulator and the signature.
 */
import { expect } from '@esm-bundle/chai';
import CosCloud from 'cos-js-sdk-v4';
import { md5Hex, MiB, testFile } from '../helpers/files.js';
import { requestsSeen, serverUrls, storedObject, uniquePrefix } from '../helpers/servers.js';

interface SignedCosFile {
  readonly sign: string;
  /** `<emulator>/files/v2/<appid>/<bucket>/<path>`. */
  readonly url: string;
}

interface CosSdkAnswer {
  readonly code?: number;
  readonly message?: string;
  readonly data?: Record<string, unknown>;
}

/** The sign for one key from our signer (protocols.md 4.6), as the engine asks for it. */
async function signFor(key: string): Promise<SignedCosFile> {
  const response = await fetch(`${(await serverUrls()).signer}/cos-v4/sign`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ op: 'sign', key, file: { name: key, size: 0, type: '', lastModified: 0 } }),
  });
  expect(response.status, 'signer answer').to.equal(200);
  return (await response.json()) as SignedCosFile;
}

/** A CosCloud pointed at the emulator: the SDK builds `<cosapi_cgi_url><appid>/<bucket>/<path>?sign=`. */
function sdkFor(signed: SignedCosFile, sign: string = signed.sign): { cos: CosCloud; bucket: string; path: string } {
  const match = /^(.*\/files\/v2\/)([^/]+)\/([^/]+)\/(.+)$/.exec(signed.url);
  expect(match, signed.url).to.not.equal(null);
  const [, cgiUrl, appid, bucket, path] = match!;
  const cos = new CosCloud({ appid: appid!, bucket: bucket!, region: 'sh', getAppSign: (callback) => callback(sign) });
  cos.cosapi_cgi_url = cgiUrl!;
  return { cos, bucket: bucket!, path: decodeURIComponent(path!) };
}

/** sliceUploadFile's callbacks as a promise: which of them was called, with what. */
function sliceUpload(cos: CosCloud, bucket: string, path: string, file: File, sliceSize: number): Promise<{ ok: boolean; answer: CosSdkAnswer }> {
  return new Promise((resolve) => {
    cos.sliceUploadFile(
      (answer) => resolve({ ok: true, answer }),
      (answer) => resolve({ ok: false, answer }),
      () => undefined,
      bucket,
      path,
      file,
      0,
      sliceSize,
    );
  });
}

describe('cos-js-sdk-v4 1.2.1 slice upload against the COS v4 emulator', () => {
  it('uploads 5 MiB + 17 in 1 MiB slices; the stored MD5 is the file’s', async () => {
    const key = `${uniquePrefix('cos-sdk')}movie.bin`;
    const file = testFile(5 * MiB + 17, { seed: 71, name: 'movie.bin' });
    const { cos, bucket, path } = sdkFor(await signFor(key));

    const { ok, answer } = await sliceUpload(cos, bucket, path, file, MiB);

    expect(ok, JSON.stringify(answer)).to.equal(true);
    expect(answer.code).to.equal(0);
    const stored = await storedObject('cos-v4', key);
    expect(stored?.md5).to.equal(await md5Hex(file));
    const ops = (await requestsSeen('cos-v4', { keyPrefix: key })).map((r) => `${r.op} ${r.status}`);
    // The SDK lists first (protocols.md 4.2); with nothing unfinished at the path the emulator
    // answers 404 / -197, and the SDK goes on to init.
    expect(ops).to.deep.equal(['upload_slice_list 404', 'upload_slice_init 200', ...Array<string>(6).fill('upload_slice_data 200'), 'upload_slice_finish 200']);
  });

  it('is refused with 403 / -97 (protocols.md 4.3), nothing stored, when the signature is tampered with', async () => {
    const key = `${uniquePrefix('cos-sdk-bad-sign')}x.bin`;
    const signed = await signFor(key);
    const bytes = atob(signed.sign);
    // Flip the first HMAC byte: the plaintext stays readable, the MAC no longer matches.
    const tampered = btoa(String.fromCharCode(bytes.charCodeAt(0) ^ 1) + bytes.slice(1));
    const { cos, bucket, path } = sdkFor(signed, tampered);

    const { ok } = await sliceUpload(cos, bucket, path, testFile(2 * MiB, { seed: 72 }), MiB);

    expect(ok).to.equal(false);
    const statuses = (await requestsSeen('cos-v4', { keyPrefix: key })).map((r) => r.status);
    expect(statuses.length).to.be.greaterThan(0);
    expect(statuses.every((status) => status === 403), String(statuses)).to.equal(true);
    expect(await storedObject('cos-v4', key)).to.equal(null);
  });
});
