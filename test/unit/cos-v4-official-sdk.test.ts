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
import { configure, requestsSeen, serverUrls, storedObject, uniquePrefix } from '../helpers/servers.js';

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

/**
 * The same sign with its MAC made with another secret: a sign is base64(HMAC-SHA1(secret,
 * plaintext) || plaintext) (protocols.md 4.6), so the plaintext can be re-MACed in the page.
 */
async function signedWithSecret(sign: string, secret: string): Promise<string> {
  const bytes = Uint8Array.from(atob(sign), (c) => c.charCodeAt(0));
  const plaintext = bytes.slice(20);
  const hmacKey = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-1' }, false, ['sign']);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', hmacKey, plaintext));
  return btoa(String.fromCharCode(...mac, ...plaintext));
}

/** Every request the emulator saw for a key was answered with this status, and there was at least one. */
async function expectAllAnswered(key: string, status: number): Promise<void> {
  const statuses = (await requestsSeen('cos-v4', { keyPrefix: key })).map((r) => r.status);
  expect(statuses.length).to.be.greaterThan(0);
  expect(statuses.every((answered) => answered === status), String(statuses)).to.equal(true);
}

/** upload_slice_list sent by hand with a sign: the status and COS code the emulator answers. */
async function listAnswer(fileUrl: string, sign: string): Promise<{ status: number; code: unknown }> {
  const form = new FormData();
  form.append('op', 'upload_slice_list');
  const response = await fetch(`${fileUrl}?sign=${encodeURIComponent(sign)}`, { method: 'POST', body: form });
  return { status: response.status, code: ((await response.json()) as { code?: unknown }).code };
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

    const { ok, answer } = await sliceUpload(cos, bucket, path, testFile(2 * MiB, { seed: 72 }), MiB);

    expect(ok).to.equal(false);
    // The SDK reports its own -1; the emulator's code is read back with the same sign.
    expect(answer).to.deep.equal({ code: -1, message: 'upload slice file error' });
    expect(await listAnswer(signed.url, tampered)).to.deep.equal({ status: 403, code: -97 });
    await expectAllAnswered(key, 403);
    expect(await storedObject('cos-v4', key)).to.equal(null);
  });

  it('is refused with 403 / -97, nothing stored, when the sign was made with the wrong secret', async () => {
    const key = `${uniquePrefix('cos-sdk-wrong-secret')}x.bin`;
    const signed = await signFor(key);
    const wrongSign = await signedWithSecret(signed.sign, 'not-the-secret');
    const { cos, bucket, path } = sdkFor(signed, wrongSign);

    const { ok, answer } = await sliceUpload(cos, bucket, path, testFile(2 * MiB, { seed: 73 }), MiB);

    expect(ok).to.equal(false);
    // The SDK reports its own -1; the emulator's code is read back with the same sign.
    expect(answer).to.deep.equal({ code: -1, message: 'upload slice file error' });
    expect(await listAnswer(signed.url, wrongSign)).to.deep.equal({ status: 403, code: -97 });
    await expectAllAnswered(key, 403);
    expect(await storedObject('cos-v4', key)).to.equal(null);
  });

  it('is refused with 403 / -96, nothing stored, when the sign has expired', async () => {
    const key = `${uniquePrefix('cos-sdk-expired')}x.bin`;
    await configure('signer:cos-v4', { ttlSeconds: 1 });
    const signed = await signFor(key).finally(() => configure('signer:cos-v4', { ttlSeconds: 900 }));
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const { cos, bucket, path } = sdkFor(signed);

    const { ok, answer } = await sliceUpload(cos, bucket, path, testFile(2 * MiB, { seed: 74 }), MiB);

    expect(ok).to.equal(false);
    // The SDK reports its own -1; the emulator's code is read back with the same sign.
    expect(answer).to.deep.equal({ code: -1, message: 'upload slice file error' });
    expect(await listAnswer(signed.url, signed.sign)).to.deep.equal({ status: 403, code: -96 });
    await expectAllAnswered(key, 403);
    expect(await storedObject('cos-v4', key)).to.equal(null);
  });
});
