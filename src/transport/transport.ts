/**
 * The seam between the protocols and the network. Adapters build requests; a Transport moves
 * them. Tests of the state machine swap in a scripted Transport; the browser uses XHR.
 */

export type HttpMethod = 'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE';

export interface HttpRequest {
  readonly method: HttpMethod;
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** A Blob slice is streamed from disk by the browser; it never passes through script. */
  readonly body?: Blob | string | FormData | null;
  /** Always honoured: aborting rejects with an `aborted` UploadError carrying the reason. */
  readonly signal: AbortSignal;
  /** Whole-request limit in milliseconds; 0 or absent means none. */
  readonly timeoutMs?: number;
  /**
   * Abort and fail with kind `timeout` (code `stalled`) when the request body moved no bytes
   * for this long. Only checked while the body is being sent.
   */
  readonly stallMs?: number;
  /**
   * Abort and fail with kind `timeout` (code `response-timeout`) when the whole body was sent
   * but no answer began within this long (a Complete of a big object may take a while, so this
   * is longer than the stall window). 0 or absent means none.
   */
  readonly responseTimeoutMs?: number;
  /** `include` sends cookies to another origin (XHR withCredentials). Default `same-origin`. */
  readonly credentials?: 'same-origin' | 'include';
  /** Bytes of the body sent so far. Registering it makes every cross-origin request preflighted. */
  readonly onUploadProgress?: (loaded: number) => void;
}

export interface HttpResponse {
  readonly status: number;
  readonly body: string;
  /** A response header, or null when absent or not exposed to script by CORS. */
  header(name: string): string | null;
}

export interface Transport {
  /**
   * Resolves with any HTTP answer, whatever its status; rejects only when there is no answer
   * (network, timeout, stall, abort), always with an UploadError.
   */
  request(request: HttpRequest): Promise<HttpResponse>;
}
