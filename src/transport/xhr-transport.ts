import type { HttpRequest, HttpResponse, Transport } from './transport.js';
import { UploadError } from './upload-error.js';

/**
 * XHR, not fetch, because only XHR reports upload progress, and progress is what stall
 * detection and the progress bar both need.
 */
export class XhrTransport implements Transport {
  request(request: HttpRequest): Promise<HttpResponse> {
    return new Promise<HttpResponse>((resolve, reject) => {
      const { signal } = request;
      if (signal.aborted) {
        reject(abortedError(request, signal.reason));
        return;
      }
      const xhr = new XMLHttpRequest();
      let settled = false;
      let stallTimer: ReturnType<typeof setTimeout> | undefined;
      let responseTimer: ReturnType<typeof setTimeout> | undefined;

      const finish = (): void => {
        settled = true;
        clearTimeout(stallTimer);
        clearTimeout(responseTimer);
        signal.removeEventListener('abort', onAbort);
      };
      const fail = (error: UploadError): void => {
        if (settled) return;
        finish();
        xhr.abort();
        reject(error);
      };
      const timeout = (code: 'stalled' | 'response-timeout', message: string): UploadError =>
        new UploadError(message, { kind: 'timeout', code, method: request.method, url: request.url });
      // Two clocks, one at a time. While the body goes out, the stall window: no body bytes
      // moved for stallMs. Once it is all out, the response window: no answer began within
      // responseTimeoutMs. The whole-request limit (xhr.timeout) runs over both.
      const armStall = (): void => {
        clearTimeout(stallTimer);
        const stallMs = request.stallMs ?? 0;
        if (settled || stallMs <= 0) return;
        stallTimer = setTimeout(() => fail(timeout('stalled', `no bytes moved for ${Math.round(stallMs / 1000)} s; the connection is stalled`)), stallMs);
      };
      const awaitAnswer = (): void => {
        clearTimeout(stallTimer);
        clearTimeout(responseTimer);
        const responseMs = request.responseTimeoutMs ?? 0;
        if (settled || responseMs <= 0) return;
        responseTimer = setTimeout(
          () => fail(timeout('response-timeout', `the server took the whole request but did not answer within ${Math.round(responseMs / 1000)} s`)),
          responseMs,
        );
      };
      const answerBegan = (): void => {
        if (xhr.readyState < XMLHttpRequest.HEADERS_RECEIVED) return;
        clearTimeout(stallTimer);
        clearTimeout(responseTimer);
      };
      const onAbort = (): void => fail(abortedError(request, signal.reason));

      xhr.open(request.method, request.url, true);
      xhr.responseType = 'text';
      if (request.credentials === 'include') xhr.withCredentials = true;
      if (request.timeoutMs !== undefined && request.timeoutMs > 0) xhr.timeout = request.timeoutMs;
      for (const [name, value] of Object.entries(request.headers ?? {})) xhr.setRequestHeader(name, value);

      const watchesBody = request.onUploadProgress !== undefined || (request.stallMs ?? 0) > 0;
      if (watchesBody) {
        const report = request.onUploadProgress;
        xhr.upload.onprogress = (event) => {
          armStall();
          report?.(event.loaded);
        };
        xhr.upload.onload = awaitAnswer;
      }
      xhr.onreadystatechange = answerBegan;
      xhr.onload = () => {
        if (settled) return;
        finish();
        resolve(toResponse(xhr));
      };
      xhr.onerror = () =>
        fail(
          new UploadError(`${request.method} failed: the network connection was lost or refused`, {
            kind: 'network',
            method: request.method,
            url: request.url,
          }),
        );
      xhr.ontimeout = () =>
        fail(
          new UploadError(`${request.method} timed out after ${Math.round((request.timeoutMs ?? 0) / 1000)} s`, {
            kind: 'timeout',
            method: request.method,
            url: request.url,
          }),
        );
      signal.addEventListener('abort', onAbort, { once: true });
      // Without upload listeners (they would make a cross-origin request preflighted) the end
      // of the body cannot be seen: the response window then starts at send.
      if (watchesBody && request.body !== undefined && request.body !== null) armStall();
      else awaitAnswer();
      xhr.send(request.body ?? null);
    });
  }
}

function toResponse(xhr: XMLHttpRequest): HttpResponse {
  const body = typeof xhr.response === 'string' ? xhr.response : '';
  // Read from the headers CORS exposes, never through getResponseHeader: asking that for a
  // header the answer does not expose makes Chromium log an error for every request.
  let headers: Map<string, string> | undefined;
  return {
    status: xhr.status,
    body,
    header: (name) => {
      headers ??= parseHeaders(xhr.getAllResponseHeaders());
      return headers.get(name.toLowerCase()) ?? null;
    },
  };
}

/** `getAllResponseHeaders()` text as a map of lowercase names; repeated headers are joined. */
export function parseHeaders(text: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    const previous = headers.get(name);
    headers.set(name, previous === undefined ? value : `${previous}, ${value}`);
  }
  return headers;
}

function abortedError(request: HttpRequest, reason: unknown): UploadError {
  return new UploadError(`${request.method} stopped`, {
    kind: 'aborted',
    method: request.method,
    url: request.url,
    cause: reason,
  });
}
