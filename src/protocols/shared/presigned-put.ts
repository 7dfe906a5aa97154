import type { Io, Protocol, RangeDigests, UploadResult } from '../../contracts/protocol.js';
import type { FileInfo } from '../../contracts/signer.js';
import type { HttpResponse } from '../../transport/transport.js';
import { UploadError } from '../../transport/upload-error.js';
import { callSigner, expectPut, lacksOperation } from './sign-answers.js';

/** What a one-request upload of the presigned-part family shares with its parts. */
export interface PresignedPutConfig {
  readonly provider: string;
  /** The status a stored object answers with (200 for OSS and S3, 201 for QingStor). */
  readonly status: number;
  readonly etagIsMd5: boolean;
  /** The adapter's refinement of signer and storage errors (codes relayed by the backend). */
  relayed(error: unknown): unknown;
  storageError(response: HttpResponse, what: string, url: string): UploadError;
}

/**
 * A whole file in one PutObject to a URL the backend presigned at `put`: the part request of
 * protocols.md 2.1, 3.1 and 5.1 without the upload id and part number. With integrity on, its Content-MD5 is sent and signed, and the ETag checked where
 * the service documents it as the MD5. A backend without `put` is `put-unsupported`, and the
 * engine falls back to a multipart session.
 */
export function presignedPut(config: PresignedPutConfig): NonNullable<Protocol['putWhole']> {
  const { provider } = config;
  return async (file: FileInfo, body: Blob, digests: RangeDigests | undefined, io: Io): Promise<UploadResult> => {
    const md5Base64 = digests?.md5Base64;
    const md5Hex = digests?.md5Hex;
    let signed;
    try {
      signed = expectPut(
        await callSigner(io, {
          op: 'put',
          provider,
          file,
          ...(file.key === undefined ? {} : { key: file.key }),
          ...(md5Base64 === undefined ? {} : { contentMd5: md5Base64 }),
        }),
      );
    } catch (error) {
      if (lacksOperation(error)) throw new UploadError('the signer has no put operation', { kind: 'config', code: 'put-unsupported', cause: error });
      throw config.relayed(error);
    }
    const response = await io.transport.request({
      method: 'PUT',
      url: signed.url,
      headers: { ...signed.headers, ...(md5Base64 === undefined ? {} : { 'Content-MD5': md5Base64 }) },
      // XHR sends a Blob's own type as Content-Type when no header names one, which breaks a
      // signature made without it (QingStor's): such a file goes as a type-less slice. Else the
      // file goes as it is, since a slice costs the main thread a Blob registration per file.
      // (A header spelled otherwise only costs that slice: the header still sets the type.)
      body: body.type && signed.headers?.['Content-Type'] === undefined ? body.slice(0, body.size) : body,
      signal: io.signal,
      timeoutMs: io.timeouts.requestMs,
      stallMs: io.timeouts.stallMs,
      ...(io.onProgress === undefined ? {} : { onUploadProgress: io.onProgress }),
    });
    if (response.status !== config.status) throw config.storageError(response, 'the upload', signed.url);
    const etag = response.header('ETag') ?? '';
    if (config.etagIsMd5 && etag !== '' && md5Hex !== undefined && etag.replace(/"/g, '').trim().toLowerCase() !== md5Hex) {
      throw new UploadError('the object was stored with a different MD5 than was sent; sending it again', {
        kind: 'integrity',
        code: 'etag-mismatch',
        method: 'PUT',
        url: signed.url,
      });
    }
    const answer = {
      key: signed.key,
      ...(etag === '' ? {} : { etag }),
      ...(signed.location === undefined ? {} : { location: signed.location }),
    };
    return { provider, key: signed.key, size: body.size, response: answer };
  };
}

