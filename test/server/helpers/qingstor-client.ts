import { QINGSTOR_DEFAULTS } from '../../../server/emulators/qingstor.js';
import { qingstorSign, qingstorStringToSign } from '../../../server/verify/qingstor.js';

/** Raw QingStor requests for strictness tests, signed with our own code (protocols.md 3.2). */
export interface SignOptions {
  /** Query form: absolute Unix seconds. */
  readonly expires?: number;
  readonly contentMd5?: string;
  readonly contentType?: string;
  readonly secret?: string;
  readonly accessKeyId?: string;
}

export interface RawQingStor {
  /** A query-signed URL. A null query value is a bare key (`?uploads`). */
  presign(method: string, key: string, query: Record<string, string | null>, options?: SignOptions): string;
  /** Header form: `Authorization: QS …` with X-QS-Date (or Date when `date` is given). */
  headerSigned(
    method: string,
    key: string,
    query: Record<string, string | null>,
    options?: SignOptions & { readonly date?: Date; readonly useDateHeader?: boolean; readonly headers?: Record<string, string> },
  ): { readonly url: string; readonly headers: Record<string, string> };
  initiate(key: string): Promise<string>;
  putPart(key: string, uploadId: string, partNumber: number | string, body: Buffer, options?: SignOptions & { readonly headers?: Record<string, string> }): Promise<Response>;
  list(key: string, uploadId: string, query?: Record<string, string>): Promise<Response>;
  complete(key: string, uploadId: string, parts: readonly { part_number: number; etag?: string }[], headers?: Record<string, string>): Promise<Response>;
  abort(key: string, uploadId: string): Promise<Response>;
}

export function objectPath(bucket: string, key: string): string {
  return `/${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
}

function queryString(query: Record<string, string | null>): string {
  return Object.entries(query)
    .map(([name, value]) => (value === null ? name : `${name}=${encodeURIComponent(value)}`))
    .join('&');
}

export function rawQingStor(baseUrl: string, bucket = QINGSTOR_DEFAULTS.bucket): RawQingStor {
  const presign: RawQingStor['presign'] = (method, key, query, options = {}) => {
    const path = objectPath(bucket, key);
    const expires = String(options.expires ?? Math.floor(Date.now() / 1000) + 600);
    const sts = qingstorStringToSign({
      method,
      contentMd5: options.contentMd5 ?? '',
      contentType: options.contentType ?? '',
      dateOrExpires: expires,
      headers: {},
      path,
      query,
    });
    const signature = qingstorSign(options.secret ?? QINGSTOR_DEFAULTS.secretAccessKey, sts);
    const auth = queryString({ access_key_id: options.accessKeyId ?? QINGSTOR_DEFAULTS.accessKeyId, expires, signature });
    const own = queryString(query);
    return `${baseUrl}${path}?${own === '' ? auth : `${own}&${auth}`}`;
  };
  const headerSigned: RawQingStor['headerSigned'] = (method, key, query, options = {}) => {
    const path = objectPath(bucket, key);
    const date = (options.date ?? new Date()).toUTCString();
    const headers: Record<string, string> = { ...options.headers, ...(options.useDateHeader ? { Date: date } : { 'X-QS-Date': date }) };
    if (options.contentMd5 !== undefined) headers['Content-MD5'] = options.contentMd5;
    if (options.contentType !== undefined) headers['Content-Type'] = options.contentType;
    const sts = qingstorStringToSign({
      method,
      contentMd5: options.contentMd5 ?? '',
      contentType: options.contentType ?? '',
      dateOrExpires: options.useDateHeader ? date : '',
      headers,
      path,
      query,
    });
    headers.Authorization = `QS ${options.accessKeyId ?? QINGSTOR_DEFAULTS.accessKeyId}:${qingstorSign(options.secret ?? QINGSTOR_DEFAULTS.secretAccessKey, sts)}`;
    const own = queryString(query);
    return { url: `${baseUrl}${path}${own === '' ? '' : `?${own}`}`, headers };
  };
  return {
    presign,
    headerSigned,
    async initiate(key) {
      const response = await fetch(presign('POST', key, { uploads: null }), { method: 'POST' });
      const body = (await response.json()) as { upload_id?: string };
      if (response.status !== 200 || body.upload_id === undefined) throw new Error(`initiate failed: ${response.status} ${JSON.stringify(body)}`);
      return body.upload_id;
    },
    putPart(key, uploadId, partNumber, body, options = {}) {
      const url = presign('PUT', key, { upload_id: uploadId, part_number: String(partNumber) }, options);
      return fetch(url, { method: 'PUT', body: new Uint8Array(body), headers: options.headers ?? {} });
    },
    list(key, uploadId, query = {}) {
      return fetch(presign('GET', key, { upload_id: uploadId, ...query }));
    },
    complete(key, uploadId, parts, headers = {}) {
      const signed = headerSigned('POST', key, { upload_id: uploadId }, { contentType: 'application/json', headers });
      return fetch(signed.url, { method: 'POST', headers: signed.headers, body: JSON.stringify({ object_parts: parts }) });
    },
    abort(key, uploadId) {
      return fetch(presign('DELETE', key, { upload_id: uploadId }), { method: 'DELETE' });
    },
  };
}

export async function errorCode(response: Response): Promise<string | undefined> {
  const body = (await response.json()) as { code?: unknown };
  return typeof body.code === 'string' ? body.code : undefined;
}
