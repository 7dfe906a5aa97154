import { ossV1Sign, ossV1StringToSign } from '../../../server/verify/oss-v1.js';
import { OSS_DEFAULTS } from '../../../server/emulators/oss.js';

/** Raw OSS requests for strictness tests, signed with our own V1 code (presigned form). */
export interface RawOss {
  presign(method: string, key: string, query: Record<string, string | null>, options?: PresignOptions): string;
  initiate(key: string): Promise<string>;
  putPart(key: string, uploadId: string, partNumber: number | string, body: Buffer, options?: PresignOptions & { headers?: Record<string, string> }): Promise<Response>;
  complete(key: string, uploadId: string, parts: readonly { partNumber: number; etag: string }[]): Promise<Response>;
}

export interface PresignOptions {
  readonly expires?: number;
  readonly contentMd5?: string;
  readonly contentType?: string;
  readonly secret?: string;
}

export function rawOss(baseUrl: string, bucket = OSS_DEFAULTS.bucket): RawOss {
  const presign = (method: string, key: string, query: Record<string, string | null>, options: PresignOptions = {}): string => {
    const expires = String(options.expires ?? Math.floor(Date.now() / 1000) + 600);
    const sts = ossV1StringToSign({
      method,
      contentMd5: options.contentMd5 ?? '',
      contentType: options.contentType ?? '',
      dateOrExpires: expires,
      ossHeaders: {},
      bucket,
      key,
      query,
    });
    const signature = ossV1Sign(options.secret ?? OSS_DEFAULTS.accessKeySecret, sts);
    const url = new URL(`${baseUrl}/${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`);
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value ?? '');
    url.searchParams.set('OSSAccessKeyId', OSS_DEFAULTS.accessKeyId);
    url.searchParams.set('Expires', expires);
    url.searchParams.set('Signature', signature);
    return url.toString().replace(/uploads=(&|$)/, 'uploads$1');
  };
  return {
    presign,
    async initiate(key) {
      const response = await fetch(presign('POST', key, { uploads: null }), { method: 'POST' });
      const text = await response.text();
      const id = /<UploadId>([^<]+)<\/UploadId>/.exec(text)?.[1];
      if (id === undefined) throw new Error(`initiate failed: ${response.status} ${text}`);
      return id;
    },
    putPart(key, uploadId, partNumber, body, options = {}) {
      const url = presign('PUT', key, { partNumber: String(partNumber), uploadId }, options);
      return fetch(url, { method: 'PUT', body: new Uint8Array(body), headers: options.headers ?? {} });
    },
    complete(key, uploadId, parts) {
      const xml =
        '<?xml version="1.0" encoding="UTF-8"?><CompleteMultipartUpload>' +
        parts.map((p) => `<Part><PartNumber>${p.partNumber}</PartNumber><ETag>${p.etag}</ETag></Part>`).join('') +
        '</CompleteMultipartUpload>';
      return fetch(presign('POST', key, { uploadId }), { method: 'POST', body: new Uint8Array(Buffer.from(xml)) });
    },
  };
}

export async function errorCode(response: Response): Promise<string | undefined> {
  return /<Code>([^<]+)<\/Code>/.exec(await response.text())?.[1];
}
