import type { SignRequest, Signer } from '../contracts/signer.js';
import type { ErrorKind } from '../transport/upload-error.js';
import type { HttpResponse, Transport } from '../transport/transport.js';
import { classifyStatus, retryAfterOf } from '../transport/classify.js';
import { UploadError } from '../transport/upload-error.js';
import { learnServerTime, localizeExpiries } from '../transport/server-clock.js';

/** Whether the signer request carries the page's cookies to another origin. */
export type SignerCredentials = 'same-origin' | 'include';

/**
 * Headers for every signer request (a bearer token, a CSRF token, a tenant id): an object, or
 * a function asked before each request. After a 401 the function is asked once more with
 * `refresh: true` (get a new token) and the request is sent again once. The headers are never
 * logged, journaled, put into events or error messages.
 */
export type SignerHeaders =
  | Readonly<Record<string, string>>
  | ((context: { readonly refresh: boolean; readonly op: string }) => Readonly<Record<string, string>> | Promise<Readonly<Record<string, string>>>);

export interface HttpSignerOptions {
  readonly credentials?: SignerCredentials;
  readonly headers?: SignerHeaders;
}

/** Codes of chunk-uploader/server whose kind the status alone does not tell. */
const CODE_KINDS: Readonly<Record<string, ErrorKind>> = {
  // The upload's session token ran out or was lost with an expired journal entry: start over.
  SessionExpired: 'session-gone',
  SessionRequired: 'session-gone',
  FileTooLarge: 'invalid',
  FileTypeNotAllowed: 'invalid',
};

/**
 * The default Signer: POST `<endpoint>/<op>` with the request as JSON, answer parsed as JSON.
 * A non-2xx answer becomes an UploadError whose kind follows the status and whose code is the
 * body's `code` field, so adapters can map storage errors relayed by the backend.
 */
export function createHttpSigner(endpoint: string, transport: Transport, options: HttpSignerOptions = {}): Signer {
  const base = endpoint.replace(/\/+$/, '');
  const headersFor = async (op: string, refresh: boolean): Promise<Readonly<Record<string, string>>> => {
    const source = options.headers;
    if (source === undefined) return {};
    let headers: unknown;
    try {
      headers = typeof source === 'function' ? await source({ refresh, op }) : source;
    } catch (error) {
      // Not the app's message: it may quote the credential it failed to get.
      throw new UploadError(`signerHeaders failed while getting credentials for ${op}`, { kind: 'auth', code: 'signer-headers-failed', cause: error });
    }
    if (typeof headers !== 'object' || headers === null || !Object.values(headers).every((value) => typeof value === 'string')) {
      throw new UploadError('signerHeaders must give an object of header names to string values', { kind: 'config', code: 'bad-signer-headers' });
    }
    return headers as Readonly<Record<string, string>>;
  };

  return async (request: SignRequest, { signal }) => {
    const url = `${base}/${request.op}`;
    const send = async (refresh: boolean): Promise<HttpResponse> =>
      transport.request({
        method: 'POST',
        url,
        headers: { ...(await headersFor(request.op, refresh)), 'Content-Type': 'application/json' },
        body: JSON.stringify(request),
        signal,
        timeoutMs: 60_000,
        ...(options.credentials === 'include' ? { credentials: 'include' } : {}),
      });
    let response = await send(false);
    const refreshed = response.status === 401 && typeof options.headers === 'function';
    if (refreshed) response = await send(true);
    const parsed = parseJson(response.body);
    if (response.status >= 200 && response.status < 300) {
      if (parsed === undefined) {
        throw new UploadError(`the signer's answer to ${request.op} is not JSON`, { kind: 'protocol', status: response.status, method: 'POST', url });
      }
      // The signer's clock, not this browser's, decides when what it issued expires.
      learnServerTime(response.header('Date'));
      return localizeExpiries(parsed);
    }
    const detail = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
    const code = typeof detail.code === 'string' ? detail.code : undefined;
    const message = typeof detail.message === 'string' ? detail.message : `HTTP ${response.status}`;
    const again = refreshed ? ' after fresh credentials' : '';
    throw new UploadError(`the signer refused ${request.op}${again}: ${message}`, {
      kind: (code === undefined ? undefined : CODE_KINDS[code]) ?? classifyStatus(response.status),
      status: response.status,
      code,
      method: 'POST',
      url,
      retryAfterMs: retryAfterOf(response),
    });
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
