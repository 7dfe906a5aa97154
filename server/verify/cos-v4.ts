import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * COS v4 multi-effect signature (protocols.md 4.4), checked by our own code written from the
 * documentation: `base64(HMAC-SHA1(SecretKey, plaintext) || plaintext)`, where the plaintext is
 * `a=<appid>&k=<SecretId>&e=<expire>&t=<now>&r=<random>&f=<fileid>&b=<bucket>`.
 */

export interface CosV4SignatureFields {
  readonly appid: string;
  readonly secretId: string;
  /** Expiry, Unix seconds; 0 for a single-effect signature. */
  readonly expire: number;
  /** Signing time, Unix seconds. */
  readonly now: number;
  readonly random: number;
  /** Empty (any file) or `/<appid>/<bucket>/<path>`. */
  readonly fileId: string;
  readonly bucket: string;
}

export interface DecodedCosV4Signature {
  readonly mac: Buffer;
  readonly plaintext: string;
  readonly fields: CosV4SignatureFields;
}

const HMAC_BYTES = 20;
const FIELD_ORDER = ['a', 'k', 'e', 't', 'r', 'f', 'b'] as const;

/** The plaintext in the field order the SDKs and the doc's example emit (a,k,e,t,r,f,b). */
export function cosV4Plaintext(fields: CosV4SignatureFields): string {
  return (
    `a=${fields.appid}&k=${fields.secretId}&e=${fields.expire}&t=${fields.now}` +
    `&r=${fields.random}&f=${fields.fileId}&b=${fields.bucket}`
  );
}

export function cosV4Mac(secretKey: string, plaintext: string): Buffer {
  return createHmac('sha1', secretKey).update(plaintext, 'utf8').digest();
}

/**
 * Splits a signature into its MAC and plaintext fields; undefined when it is not one. Fields are
 * read by name, so the doc's other order (a,b,k,e,t,r,f) decodes too.
 */
export function decodeCosV4Signature(sign: string): DecodedCosV4Signature | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(sign)) return undefined;
  const raw = Buffer.from(sign, 'base64');
  if (raw.length <= HMAC_BYTES) return undefined;
  const plaintext = raw.subarray(HMAC_BYTES).toString('utf8');
  const values = new Map<string, string>();
  for (const pair of plaintext.split('&')) {
    const at = pair.indexOf('=');
    if (at <= 0) return undefined;
    const name = pair.slice(0, at);
    if (values.has(name)) return undefined;
    values.set(name, pair.slice(at + 1));
  }
  if (values.size !== FIELD_ORDER.length || FIELD_ORDER.some((name) => !values.has(name))) return undefined;
  const integer = (name: string): number | undefined => {
    const text = values.get(name) ?? '';
    return /^\d{1,12}$/.test(text) ? Number(text) : undefined;
  };
  const expire = integer('e');
  const now = integer('t');
  const random = integer('r');
  if (expire === undefined || now === undefined || random === undefined) return undefined;
  return {
    mac: raw.subarray(0, HMAC_BYTES),
    plaintext,
    fields: {
      appid: values.get('a') ?? '',
      secretId: values.get('k') ?? '',
      expire,
      now,
      random,
      fileId: values.get('f') ?? '',
      bucket: values.get('b') ?? '',
    },
  };
}

/** Whether the MAC is HMAC-SHA1 of the plaintext under this secret (constant time). */
export function cosV4MacMatches(decoded: DecodedCosV4Signature, secretKey: string): boolean {
  const expected = cosV4Mac(secretKey, decoded.plaintext);
  return expected.length === decoded.mac.length && timingSafeEqual(expected, decoded.mac);
}
