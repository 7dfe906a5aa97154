import type { IncomingMessage } from 'node:http';
import { QINGSTOR_QUERY_AUTH, qingstorSign, qingstorStringToSign, sameSignature } from '../../verify/qingstor.js';
import { headerRecord, headerText } from '../shared/headers.js';
import { invalidArgument, QINGSTOR_ERRORS, type QingStorError } from './errors.js';

/** protocols.md 3.1: a Date or X-QS-Date more than 15 minutes off is refused. */
const MAX_SKEW_MS = 15 * 60 * 1000;

export interface QingStorAuthContext {
  readonly req: IncomingMessage;
  readonly url: URL;
  /** The object key; empty for bucket-level requests. */
  readonly key: string;
  readonly credentials: ReadonlyMap<string, string>;
  readonly nowMs: number;
  /** The `expire` fault: answer as if the credential had run out. */
  readonly forceExpired: boolean;
  /** GET and HEAD of objects without credentials are allowed (public-read bucket). */
  readonly anonymousRead: boolean;
}

function signedQuery(url: URL): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  const auth: readonly string[] = QINGSTOR_QUERY_AUTH;
  for (const [name, value] of url.searchParams) if (!auth.includes(name)) out[name] = value === '' ? null : value;
  return out;
}

/** Checks a header (`QS`) or query signature. Returns the error to answer, or undefined. */
export function authenticateQingStor(ctx: QingStorAuthContext): QingStorError | undefined {
  const { req, url } = ctx;
  const method = req.method ?? 'GET';
  const base = {
    method,
    contentMd5: headerText(req, 'content-md5'),
    contentType: headerText(req, 'content-type'),
    headers: headerRecord(req),
    // The path as sent, still percent-encoded: that is what the client signed.
    path: (req.url ?? '/').split('?')[0] ?? '/',
    query: signedQuery(url),
  };
  const q = url.searchParams;
  if (q.has('signature') || q.has('access_key_id') || q.has('expires')) {
    const secret = ctx.credentials.get(q.get('access_key_id') ?? '');
    if (secret === undefined) return QINGSTOR_ERRORS.invalidAccessKey;
    const expires = q.get('expires') ?? '';
    if (!/^\d+$/.test(expires)) return invalidArgument('expires must be a Unix time in seconds.');
    if (ctx.forceExpired || Number(expires) * 1000 < ctx.nowMs) return QINGSTOR_ERRORS.requestExpired;
    const expected = qingstorSign(secret, qingstorStringToSign({ ...base, dateOrExpires: expires }));
    return sameSignature(expected, q.get('signature') ?? '') ? undefined : QINGSTOR_ERRORS.signatureNotMatched;
  }
  const authorization = headerText(req, 'authorization');
  if (authorization !== '') {
    const match = /^QS ([^:\s]+):(\S+)$/.exec(authorization);
    if (match === null) return QINGSTOR_ERRORS.signatureNotMatched;
    const secret = ctx.credentials.get(match[1] ?? '');
    if (secret === undefined) return QINGSTOR_ERRORS.invalidAccessKey;
    const qsDate = headerText(req, 'x-qs-date');
    const date = qsDate || headerText(req, 'date');
    const when = Date.parse(date);
    if (Number.isNaN(when)) return invalidArgument('A valid Date or X-QS-Date header is required.');
    if (ctx.forceExpired || Math.abs(ctx.nowMs - when) > MAX_SKEW_MS) return QINGSTOR_ERRORS.requestExpired;
    // protocols.md 3.2: with X-QS-Date the date line is empty and x-qs-date is signed as a header.
    const expected = qingstorSign(secret, qingstorStringToSign({ ...base, dateOrExpires: qsDate === '' ? date : '' }));
    return sameSignature(expected, match[2] ?? '') ? undefined : QINGSTOR_ERRORS.signatureNotMatched;
  }
  if (ctx.anonymousRead && (method === 'GET' || method === 'HEAD') && ctx.key !== '' && url.search === '') return undefined;
  return QINGSTOR_ERRORS.permissionDenied;
}
