import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Qiniu UpToken and qetag (protocols.md 1.2, 1.3), written from the documentation rather than
 * taken from the `qiniu` SDK, so the emulator and the vendor's signer check each other.
 */

/** Standard base64 with `+`→`-` and `/`→`_`; the `=` padding is kept, as Qiniu's SDKs do. */
export function urlSafeBase64(data: Buffer | string): string {
  return Buffer.from(data).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
}

/** Decodes URL-safe base64 with or without padding; undefined for anything else. */
export function fromUrlSafeBase64(text: string): Buffer | undefined {
  if (!/^[A-Za-z0-9_-]*={0,2}$/.test(text)) return undefined;
  return Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
}

/** urlsafe_base64(HMAC-SHA1(SecretKey, encodedPutPolicy)). */
export function signEncodedPolicy(secretKey: string, encodedPolicy: string): string {
  return urlSafeBase64(createHmac('sha1', secretKey).update(encodedPolicy, 'utf8').digest());
}

/** AccessKey:encodedSign:encodedPolicy for a policy given as its exact JSON text. */
export function makeUpToken(accessKey: string, secretKey: string, policyJson: string): string {
  const encodedPolicy = urlSafeBase64(policyJson);
  return `${accessKey}:${signEncodedPolicy(secretKey, encodedPolicy)}:${encodedPolicy}`;
}

/** The put-policy fields the emulator enforces (protocols.md 1.2). */
export interface PutPolicy {
  readonly scope: string;
  readonly deadline: number;
  readonly isPrefixalScope?: number;
  readonly insertOnly?: number;
  readonly fsizeLimit?: number;
  readonly fsizeMin?: number;
  readonly mimeLimit?: string;
  readonly returnBody?: string;
  readonly callbackUrl?: string;
  readonly callbackBody?: string;
  readonly callbackBodyType?: string;
  readonly saveKey?: string;
}

export interface ParsedUpToken {
  readonly accessKey: string;
  readonly encodedSign: string;
  readonly encodedPolicy: string;
  readonly policy: PutPolicy;
}

/** Splits and decodes a token without checking its signature; undefined when malformed. */
export function parseUpToken(token: string): ParsedUpToken | undefined {
  const parts = token.split(':');
  if (parts.length !== 3) return undefined;
  const [accessKey = '', encodedSign = '', encodedPolicy = ''] = parts;
  if (accessKey === '' || encodedSign === '' || encodedPolicy === '') return undefined;
  const raw = fromUrlSafeBase64(encodedPolicy);
  if (raw === undefined) return undefined;
  let policy: unknown;
  try {
    policy = JSON.parse(raw.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof policy !== 'object' || policy === null) return undefined;
  const { scope, deadline } = policy as Record<string, unknown>;
  if (typeof scope !== 'string' || scope === '' || typeof deadline !== 'number' || !Number.isInteger(deadline)) return undefined;
  return { accessKey, encodedSign, encodedPolicy, policy: policy as PutPolicy };
}

export type UpTokenCheck =
  | { readonly ok: true; readonly token: ParsedUpToken }
  | { readonly ok: false; readonly expired: boolean; readonly message: string };

/**
 * Checks a token as the upload hosts do: known AccessKey, HMAC-SHA1 over the encoded policy,
 * deadline not passed. Qiniu answers all of these with 401; the text tells them apart.
 */
export function verifyUpToken(token: string, credentials: ReadonlyMap<string, string>, nowMs: number): UpTokenCheck {
  const parsed = parseUpToken(token);
  if (parsed === undefined) return { ok: false, expired: false, message: 'bad token' };
  const secret = credentials.get(parsed.accessKey);
  if (secret === undefined) return { ok: false, expired: false, message: 'bad token' };
  const expected = Buffer.from(signEncodedPolicy(secret, parsed.encodedPolicy));
  const given = Buffer.from(parsed.encodedSign);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, expired: false, message: 'bad token' };
  const late = Math.floor(nowMs / 1000) - parsed.policy.deadline;
  if (late > 0) return { ok: false, expired: true, message: `token expired ${late} seconds ago` };
  return { ok: true, token: parsed };
}

/** Bucket and optional key (or key prefix) of a scope `<bucket>[:<key>]`. */
export function splitScope(scope: string): { readonly bucket: string; readonly key: string | undefined } {
  const colon = scope.indexOf(':');
  return colon < 0 ? { bucket: scope, key: undefined } : { bucket: scope.slice(0, colon), key: scope.slice(colon + 1) };
}

export const QETAG_BLOCK = 4 * 1024 * 1024;

/** qetag from the raw SHA-1 of each 4 MiB block in order (protocols.md 1.3). */
export function qetagFromBlockSha1s(blocks: readonly Buffer[]): string {
  if (blocks.length === 0) return urlSafeBase64(Buffer.concat([Buffer.of(0x16), createHash('sha1').digest()]));
  if (blocks.length === 1) return urlSafeBase64(Buffer.concat([Buffer.of(0x16), blocks[0]!]));
  return urlSafeBase64(Buffer.concat([Buffer.of(0x96), createHash('sha1').update(Buffer.concat(blocks)).digest()]));
}

/** qetag of bytes held in memory (tests). */
export function qetagOf(data: Buffer): string {
  const blocks: Buffer[] = [];
  for (let offset = 0; offset < data.length; offset += QETAG_BLOCK) {
    blocks.push(createHash('sha1').update(data.subarray(offset, offset + QETAG_BLOCK)).digest());
  }
  return qetagFromBlockSha1s(blocks);
}
