import { createHash } from 'node:crypto';
import { COS_V4_DEFAULTS } from '../../../server/emulators/cos-v4.js';
import { ResumableSha1 } from '../../../server/verify/cos-sha1.js';
import { cosV4Path, signCosV4, type CosV4SignInput } from '../../../src/server/targets/cos-v4.js';

/** Raw COS v4 requests for strictness tests, signed with our own signer code. */
export interface CosAnswer {
  readonly status: number;
  readonly code: number;
  readonly message: string;
  readonly data: Record<string, unknown>;
}

export interface RawCos {
  sign(key: string, overrides?: Partial<CosV4SignInput>): string;
  post(key: string, fields: Record<string, string | Blob>, options?: { sign?: string; header?: boolean; path?: string; signal?: AbortSignal }): Promise<CosAnswer>;
  init(key: string, body: Buffer, options?: { sliceSize?: number; sha?: boolean; extra?: Record<string, string> }): Promise<CosAnswer>;
  data(key: string, session: string, offset: number, bytes: Buffer, extra?: Record<string, string>, signal?: AbortSignal): Promise<CosAnswer>;
  finish(key: string, session: string, filesize: number, sha?: string): Promise<CosAnswer>;
  list(key: string): Promise<CosAnswer>;
}

export const MiB = 1024 * 1024;

export function sha1Hex(bytes: Buffer): string {
  return createHash('sha1').update(bytes).digest('hex');
}

/** `uploadparts` of a buffer at a slice size (protocols.md 4.1), computed by our server-side SHA-1. */
export function uploadparts(body: Buffer, sliceSize: number): { offset: number; datalen: number; datasha: string }[] {
  const sha = new ResumableSha1();
  const parts: { offset: number; datalen: number; datasha: string }[] = [];
  for (let offset = 0; offset < body.length || parts.length === 0; offset += sliceSize) {
    const slice = body.subarray(offset, offset + sliceSize);
    sha.update(slice);
    const last = offset + sliceSize >= body.length;
    parts.push({ offset, datalen: slice.length, datasha: last ? sha1Hex(body) : sha.cosState() });
    if (last) break;
  }
  return parts;
}

export function rawCos(baseUrl: string, bucket: string = COS_V4_DEFAULTS.bucket): RawCos {
  const sign = (key: string, overrides: Partial<CosV4SignInput> = {}): string => {
    const now = Math.floor(Date.now() / 1000);
    return signCosV4({
      appid: COS_V4_DEFAULTS.appid,
      secretId: COS_V4_DEFAULTS.secretId,
      secretKey: COS_V4_DEFAULTS.secretKey,
      bucket,
      expire: now + 600,
      now,
      random: 42,
      fileId: `/${COS_V4_DEFAULTS.appid}/${bucket}/${cosV4Path(key)}`,
      ...overrides,
    });
  };
  const post: RawCos['post'] = async (key, fields, options = {}) => {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    const signature = options.sign ?? sign(key);
    const path = options.path ?? `/files/v2/${COS_V4_DEFAULTS.appid}/${bucket}/${cosV4Path(key)}`;
    const url = options.header === true ? `${baseUrl}${path}` : `${baseUrl}${path}?sign=${encodeURIComponent(signature)}`;
    const response = await fetch(url, {
      method: 'POST',
      body: form,
      headers: options.header === true ? { Authorization: signature } : {},
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    const text = await response.text();
    const parsed = JSON.parse(text) as { code: number; message: string; data?: Record<string, unknown> };
    return { status: response.status, code: parsed.code, message: parsed.message, data: parsed.data ?? {} };
  };
  return {
    sign,
    post,
    init: (key, body, options = {}) =>
      post(key, {
        op: 'upload_slice_init',
        filesize: String(body.length),
        slice_size: String(options.sliceSize ?? MiB),
        ...(options.sha === false ? {} : { sha: sha1Hex(body), uploadparts: JSON.stringify(uploadparts(body, options.sliceSize ?? MiB)) }),
        ...options.extra,
      }),
    data: (key, session, offset, bytes, extra = {}, signal) =>
      post(key, { op: 'upload_slice_data', session, offset: String(offset), ...extra, filecontent: new Blob([bytes]) }, signal === undefined ? {} : { signal }),
    finish: (key, session, filesize, sha) =>
      post(key, { op: 'upload_slice_finish', session, filesize: String(filesize), ...(sha === undefined ? {} : { sha }) }),
    list: (key) => post(key, { op: 'upload_slice_list' }),
  };
}
