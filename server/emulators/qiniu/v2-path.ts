import { fromUrlSafeBase64 } from '../../verify/qiniu.js';

/** The operations of multipart v2 (protocols.md 1.4), by method and path shape. */
export type V2Op = 'v2-initiate' | 'v2-part' | 'v2-list' | 'v2-complete' | 'v2-abort';

export interface V2Path {
  readonly op: V2Op;
  readonly bucket: string;
  /** The object key; undefined for `~` (no key: the scope's key or the hash decides). */
  readonly key: string | undefined;
  readonly uploadId?: string;
  /** Still text: the handler answers a bad number in Qiniu's words. */
  readonly partNumber?: string;
}

/**
 * `/buckets/<bucket>/objects/<EncodedObjectName>/uploads[/<uploadId>[/<partNumber>]]`, the
 * object name URL-safe base64 or `~`. Undefined when the path or method is not v2.
 */
export function parseV2Path(method: string, pathname: string): V2Path | undefined {
  const [, buckets, bucket = '', objects, encoded = '', uploads, uploadId, partNumber, ...rest] = pathname.split('/');
  if (buckets !== 'buckets' || objects !== 'objects' || uploads !== 'uploads' || bucket === '' || rest.length > 0) return undefined;
  let key: string | undefined;
  if (encoded !== '~') {
    const decoded = fromUrlSafeBase64(encoded);
    if (decoded === undefined || encoded === '') return undefined;
    key = decoded.toString('utf8');
  }
  const base = { bucket, key };
  if (uploadId === undefined) return method === 'POST' ? { ...base, op: 'v2-initiate' } : undefined;
  if (uploadId === '') return undefined;
  if (partNumber !== undefined) return method === 'PUT' ? { ...base, op: 'v2-part', uploadId, partNumber } : undefined;
  const op = ({ GET: 'v2-list', POST: 'v2-complete', DELETE: 'v2-abort' } as const)[method as 'GET' | 'POST' | 'DELETE'];
  return op === undefined ? undefined : { ...base, op, uploadId };
}
