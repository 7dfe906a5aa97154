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

      const finish = (): void => {
        settled = true;
        clearTimeout(stallTimer);
        signal.removeEventListener('abort', onAbort);
      };
      const fail = (error: UploadError): void => {
        if (settled) return;
        finish();
        xhr.abort();
        reject(error);
      };
      // A stall is no bytes moving in either direction: a server that stops reading looks,
      // on loopback, like a body fully sent into socket buffers and an answer that never comes.
      const armStall = (): void => {
        clearTimeout(stallTimer);
        const stallMs = request.stallMs ?? 0;
        if (settled || stallMs <= 0) return;
        stallTimer = setTimeout(() => {
          fail(
            new UploadError(`no bytes moved for ${Math.round(stallMs / 1000)} s; the connection is stalled`, {
              kind: 'timeout',
              code: 'stalled',
              method: request.method,
              url: request.url,
            }),
          );
        }, stallMs);
      };
      const onAbort = (): void => fail(abortedError(request, signal.reason));

      xhr.open(request.method, request.url, true);
      xhr.responseType = 'text';
      if (request.credentials === 'include') xhr.withCredentials = true;
      if (request.timeoutMs !== undefined && request.timeoutMs > 0) xhr.timeout = request.timeoutMs;
      for (const [name, value] of Object.entries(request.headers ?? {})) xhr.setRequestHeader(name, value);

      if (request.onUploadProgress !== undefined || (request.stallMs ?? 0) > 0) {
        const report = request.onUploadProgress;
        xhr.upload.onprogress = (event) => {
          armStall();
          report?.(event.loaded);
        };
        xhr.upload.onload = armStall;
      }
      xhr.onreadystatechange = armStall;
      xhr.onprogress = armStall;
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
      armStall();
      xhr.send(request.body ?? null);
    });
  }
}

function toResponse(xhr: XMLHttpRequest): HttpResponse {
  const body = typeof xhr.response === 'string' ? xhr.response : '';
  return {
    status: xhr.status,
    body,
    header: (name) => xhr.getResponseHeader(name),
  };
}

function abortedError(request: HttpRequest, reason: unknown): UploadError {
  return new UploadError(`${request.method} stopped`, {
    kind: 'aborted',
    method: request.method,
    url: request.url,
    cause: reason,
  });
}
