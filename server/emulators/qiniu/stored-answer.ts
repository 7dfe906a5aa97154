import type { ServerResponse } from 'node:http';
import type { PutPolicy } from '../../verify/qiniu.js';
import { sendQiniuJson } from './errors.js';
import { renderReturnBody } from './mkfile-path.js';

/** What a finished upload (mkfile, form upload, v2 complete) tells the policy's templates. */
export interface StoredFile {
  readonly key: string;
  readonly hash: string;
  readonly fsize: number;
  readonly fname: string | undefined;
  readonly mimeType: string;
  readonly bucket: string;
  /** `x:<name>` custom variables. */
  readonly vars: Readonly<Record<string, string>>;
}

/**
 * Answers a stored file as the put policy asks (protocols.md 1.2): the callback first (579 when
 * it fails), then the rendered returnBody, or `{hash, key}` by default.
 */
export async function answerStored(res: ServerResponse, op: string, policy: PutPolicy, file: StoredFile): Promise<void> {
  const fname = file.fname ?? '';
  const dot = fname.lastIndexOf('.');
  const magic = {
    key: file.key,
    etag: file.hash,
    hash: file.hash,
    fsize: file.fsize,
    fname: file.fname,
    mimeType: file.mimeType,
    bucket: file.bucket,
    ext: dot > 0 ? fname.slice(dot) : '',
    fprefix: dot > 0 ? fname.slice(0, dot) : fname,
    ...file.vars,
  };
  if (policy.callbackUrl !== undefined) {
    const failure = await callBack(policy.callbackUrl, renderReturnBody(policy.callbackBody ?? 'key=$(key)&hash=$(etag)', magic), policy.callbackBodyType);
    if (failure !== undefined) return sendQiniuJson(res, 579, { error: `callback failed: ${failure}`, hash: file.hash, key: file.key }, op);
  }
  if (policy.returnBody === undefined) return sendQiniuJson(res, 200, { hash: file.hash, key: file.key }, op);
  const rendered = renderReturnBody(policy.returnBody, magic);
  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }).end(rendered);
}

/**
 * The server-to-server callback after the file is stored. Only loopback URLs are called, so a
 * test cannot make the emulator reach outside this machine; anything else counts as failed.
 */
async function callBack(url: string, body: string, bodyType: string | undefined): Promise<string | undefined> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return 'callbackUrl is not a URL';
  }
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(target.hostname)) return 'callbackUrl is not on this machine';
  try {
    const response = await fetch(target, {
      method: 'POST',
      body,
      headers: { 'Content-Type': bodyType ?? 'application/x-www-form-urlencoded' },
      signal: AbortSignal.timeout(5000),
    });
    await response.arrayBuffer();
    return response.ok ? undefined : `callback server answered ${response.status}`;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
