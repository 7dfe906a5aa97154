import { createHmac, randomInt } from 'node:crypto';
import { SignerError } from '../errors.js';
import { keyOf, seconds, type JsonBody, type Seconds, type StorageHandler } from './storage-handler.js';

/**
 * COS v4 multi-effect signature, hand-written: no maintained package generates it
 * (protocols.md 4.6). The browser speaks the slice protocol itself with what `sign` answers.
 */
export interface CosV4SignerOptions {
  /** `http(s)://<region>.file.myqcloud.com`, or the emulator's URL. */
  readonly endpoint: string;
  readonly appid: string;
  readonly bucket: string;
  readonly secretId: string;
  readonly secretKey: string;
  /** Lifetime of each signature. Short by default: the browser asks again when it runs out. */
  readonly ttlSeconds: Seconds;
  /**
   * Bind each signature to the file it is for (`f` = the file id), as the Python SDK does for
   * uploads, so a leaked signature cannot write elsewhere in the bucket. Default true.
   */
  readonly bindToFile?: boolean;
}

export interface CosV4SignInput {
  readonly appid: string;
  readonly secretId: string;
  readonly secretKey: string;
  readonly bucket: string;
  /** Unix seconds. */
  readonly expire: number;
  readonly now: number;
  /** Unsigned, at most 10 digits. */
  readonly random: number;
  /** Empty for any file, else `/<appid>/<bucket>/<path>`. */
  readonly fileId: string;
}

/** protocols.md 4.4: `base64(HMAC-SHA1(SecretKey, plaintext) || plaintext)`. */
export function signCosV4(input: CosV4SignInput): string {
  const plaintext =
    `a=${input.appid}&k=${input.secretId}&e=${input.expire}&t=${input.now}` +
    `&r=${input.random}&f=${input.fileId}&b=${input.bucket}`;
  const mac = createHmac('sha1', input.secretKey).update(plaintext, 'utf8').digest();
  return Buffer.concat([mac, Buffer.from(plaintext, 'utf8')]).toString('base64');
}

/** The path of a key as it appears in the file's URL and file id (each segment URL-encoded). */
export function cosV4Path(key: string): string {
  return key.split('/').map(encodeURIComponent).join('/');
}

export function createCosV4Signer(options: CosV4SignerOptions): StorageHandler {
  const base = options.endpoint.replace(/\/+$/, '');
  const signer: StorageHandler = {
    async handle(op: string, body: JsonBody): Promise<unknown> {
      if (op !== 'sign') throw new SignerError(404, 'UnknownOperation', `COS v4 has no signer operation ${op}`);
      const key = keyOf(body);
      const path = cosV4Path(key);
      const fileId = `/${options.appid}/${options.bucket}/${path}`;
      const now = Math.floor(Date.now() / 1000);
      const expire = now + Math.max(1, Math.round(seconds(options.ttlSeconds)));
      const sign = signCosV4({
        appid: options.appid,
        secretId: options.secretId,
        secretKey: options.secretKey,
        bucket: options.bucket,
        expire,
        now,
        random: randomInt(0, 2 ** 31),
        fileId: options.bindToFile === false ? '' : fileId,
      });
      return { sign, expiresAt: expire * 1000, url: `${base}/files/v2${fileId}`, key };
    },
  };
  return signer;
}
