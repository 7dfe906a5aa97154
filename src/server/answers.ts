import { corsHeaders, type CorsDecision } from './cors.js';
import { SIGNER_CODES, SignerError } from './errors.js';

/**
 * JSON answers with the headers every answer carries: `Date` (the client corrects its clock
 * by it), `Cache-Control: no-store` (answers carry signatures), and CORS for allowed origins.
 */
export function jsonAnswer(status: number, body: unknown, cors: CorsDecision, nowMs: number, extra: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'no-store',
      Date: new Date(nowMs).toUTCString(),
      ...corsHeaders(cors),
      ...extra,
    },
  });
}

const URL_IN_TEXT = /\bhttps?:\/\/[^\s"'<>]+/g;
const SECRET_FORMS = /\b(Signature|X-Amz-Signature|X-Amz-Credential|X-Amz-Security-Token|OSSAccessKeyId|AccessKeyId|access_key_id|token|sign)=[^&\s"']+/gi;

/**
 * A message safe to send and log: no URL queries or signature parameters, none of this
 * signer's credentials, no stack, at most 300 characters.
 */
export function scrubMessage(message: string, credentials: readonly string[]): string {
  let out = message.split('\n', 1)[0] ?? '';
  out = out.replace(URL_IN_TEXT, (url) => url.split(/[?#]/, 1)[0] ?? '');
  out = out.replace(SECRET_FORMS, (match) => `${match.slice(0, match.indexOf('=') + 1)}[redacted]`);
  for (const secret of credentials) out = out.split(secret).join('[redacted]');
  return out.length > 300 ? `${out.slice(0, 297)}…` : out;
}

/** Any failure as `{code, message}` with a status; what is not a SignerError stays on the server. */
export function failureOf(error: unknown, credentials: readonly string[]): SignerError {
  if (error instanceof SignerError) {
    return new SignerError(error.status, error.code, scrubMessage(error.message, credentials), {
      ...(error.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: error.retryAfterSeconds }),
      fromStorage: error.fromStorage,
    });
  }
  return new SignerError(500, SIGNER_CODES.signerFailure, 'the signer failed; the server log has the details');
}
