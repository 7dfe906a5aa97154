import { createHmac, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { urlSafeBase64 } from '../../verify/qiniu.js';
import type { StoredObject } from '../shared/emulator.js';
import { sendQiniuError } from './errors.js';

/**
 * A private bucket's download, as Qiniu's download domains serve it (developer.qiniu.com/kodo/1202):
 * `GET <domain>/<key>?e=<deadline>&token=<AccessKey>:<sign>`, where `sign` is the URL-safe base64
 * HMAC-SHA1, under the SecretKey, of the URL up to and including `e=<deadline>`. The emulator
 * serves it on its own port, standing in for the bucket's download domain; uploads never use it.
 */

function sign(secretKey: string, url: string): string {
  return urlSafeBase64(createHmac('sha1', secretKey).update(url).digest());
}

/**
 * The URL the Qiniu SDK's `privateDownloadUrl` makes for `key` on `domain`, good for an hour,
 * signed with the first of `credentials` (AccessKey → SecretKey).
 */
export function privateDownloadUrl(domain: string, key: string, credentials: ReadonlyMap<string, string>, nowMs: number): string | undefined {
  const [accessKey, secretKey] = [...credentials][0] ?? [];
  if (accessKey === undefined || secretKey === undefined) return undefined;
  const url = `${domain}/${key.split('/').map(encodeURIComponent).join('/')}?e=${Math.floor(nowMs / 1000) + 3600}`;
  return `${url}&token=${accessKey}:${sign(secretKey, url)}`;
}

/** The decoded key of a download request (`e` and `token` in its query), or undefined when it is none. */
export function downloadKey(req: IncomingMessage, url: URL): string | undefined {
  if ((req.method !== 'GET' && req.method !== 'HEAD') || !url.searchParams.has('e') || !url.searchParams.has('token')) return undefined;
  try {
    return url.pathname.slice(1).split('/').map(decodeURIComponent).join('/');
  } catch {
    return undefined;
  }
}

export interface DownloadDeps {
  readonly credentials: ReadonlyMap<string, string>;
  readonly nowMs: number;
  /** The object under `key` in the bucket this download domain serves. */
  find(key: string): StoredObject | undefined;
}

/** Checks the token against the exact URL asked for (the signature covers host, path and deadline), then streams the object. */
export function serveDownload(req: IncomingMessage, res: ServerResponse, key: string, deps: DownloadDeps): void {
  const raw = req.url ?? '';
  const cut = raw.lastIndexOf('&token=');
  const [accessKey = '', given = ''] = (cut === -1 ? '' : raw.slice(cut + '&token='.length)).split(':');
  const secretKey = deps.credentials.get(accessKey);
  const expected = secretKey === undefined ? '' : sign(secretKey, `http://${req.headers.host ?? ''}${raw.slice(0, cut)}`);
  const valid = expected !== '' && given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
  if (!valid) return sendQiniuError(res, { status: 401, error: 'bad token' });
  if (Number(new URL(raw, 'http://x').searchParams.get('e')) * 1000 < deps.nowMs) return sendQiniuError(res, { status: 401, error: 'token out of date' });
  const object = deps.find(key);
  if (object === undefined) return sendQiniuError(res, { status: 404, error: 'Document not found' });
  res.writeHead(200, { 'Content-Type': object.contentType || 'application/octet-stream', 'Content-Length': String(object.size), ETag: `"${object.etag}"` });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(object.path).pipe(res);
}
