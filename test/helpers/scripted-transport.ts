import type { HttpRequest, HttpResponse, Transport } from '../../src/transport/transport.js';
import { UploadError } from '../../src/transport/upload-error.js';
import { XhrTransport } from '../../src/transport/xhr-transport.js';

/**
 * The awaits of an upload where a user's action can land: opening the upload (`begin`), asking
 * the signer for a part URL or signature (`sign`), sending part bytes (`send`), listing the
 * parts on resume (`list`), completing (`complete`) and aborting (`abort`).
 */
export const AWAIT_POINTS = ['begin', 'sign', 'send', 'list', 'complete', 'abort'] as const;
export type AwaitPoint = (typeof AWAIT_POINTS)[number];

/**
 * `before`: the request has not left; the server knows nothing of it yet.
 * `after`: the server handled it (stored the part, completed the upload); the answer is held.
 */
export type HoldPhase = 'before' | 'after';

/** What a held request does when the test lets it go. */
export type Outcome = 'answer' | 'network-error';

export interface HeldRequest {
  readonly point: AwaitPoint;
  readonly url: string;
  /** Lets the request go on: the real answer (or the request itself), or a network failure. */
  release(outcome?: Outcome): void;
  /** True once the engine aborted the request while it was held. */
  readonly aborted: boolean;
}

interface Armed {
  readonly point: AwaitPoint;
  readonly phase: HoldPhase;
  remaining: number;
  readonly reached: (held: HeldRequest) => void;
}

/** Which await point a request is, from its URL and body: the signer's op, or the storage call. */
export function awaitPointOf(request: HttpRequest, signerUrl: string): AwaitPoint | undefined {
  if (request.url.startsWith(signerUrl)) {
    const op = request.url.slice(request.url.lastIndexOf('/') + 1);
    if (op === 'initiate' || op === 'token') return 'begin';
    if (op === 'part' || op === 'parts' || op === 'sign') return 'sign';
    if (op === 'list' || op === 'complete' || op === 'abort') return op;
    return undefined;
  }
  if (request.body instanceof FormData) {
    // A Qiniu form upload carries the file's bytes (and completes it) in one request.
    if (request.body.has('token') && request.body.has('file')) return 'send';
    const op = request.body.get('op');
    if (op === 'upload_slice_init') return 'begin';
    if (op === 'upload_slice_list') return 'list';
    if (op === 'upload_slice_data') return 'send';
    if (op === 'upload_slice_finish') return 'complete';
    return undefined;
  }
  const path = new URL(request.url).pathname;
  if (path.startsWith('/mkfile/')) return 'complete';
  if (path.startsWith('/mkblk/') || path.startsWith('/bput/')) return 'send';
  if (request.method === 'PUT') return 'send';
  return undefined;
}

/**
 * A Transport that passes every request to the real one (XHR to the loopback servers) and
 * decides when answers come: a test arms a hold at an await point and gets the request when
 * the engine makes it, with the engine waiting on it. Nothing waits on a timer: the test acts
 * (pause, cancel, concurrency) while the engine is parked there, then releases the request.
 * Modelled on tus-js-client's TestHttpStack, over real servers instead of canned answers.
 */
export class ScriptedTransport implements Transport {
  readonly #inner: Transport;
  readonly #signerUrl: string;
  #armed: Armed[] = [];
  /** Every request's await point, in the order the engine made them. */
  readonly log: { readonly point: AwaitPoint | undefined; readonly url: string }[] = [];

  constructor(signerUrl: string, inner: Transport = new XhrTransport()) {
    this.#inner = inner;
    this.#signerUrl = signerUrl;
  }

  /** Holds the `nth` next request at this point (1 = the next one); resolves when it is made. */
  hold(point: AwaitPoint, phase: HoldPhase, nth = 1): Promise<HeldRequest> {
    return new Promise((reached) => this.#armed.push({ point, phase, remaining: nth, reached }));
  }

  /** Forgets holds that were never reached (the point did not come up). */
  disarm(): void {
    this.#armed = [];
  }

  async request(request: HttpRequest): Promise<HttpResponse> {
    const point = awaitPointOf(request, this.#signerUrl);
    this.log.push({ point, url: request.url });
    const armed = point === undefined ? undefined : this.#take(point);
    if (armed === undefined) return this.#inner.request(request);
    if (armed.phase === 'before') {
      const outcome = await this.#park(armed, request);
      if (outcome === 'network-error') throw networkError(request);
      return this.#inner.request(request);
    }
    // The server must finish even if the engine gives up on the answer meanwhile.
    const response = await this.#inner.request({ ...request, signal: new AbortController().signal });
    const outcome = await this.#park(armed, request);
    if (outcome === 'network-error') throw networkError(request);
    return response;
  }

  #take(point: AwaitPoint): Armed | undefined {
    const armed = this.#armed.find((a) => a.point === point);
    if (armed === undefined) return undefined;
    armed.remaining -= 1;
    if (armed.remaining > 0) return undefined;
    this.#armed = this.#armed.filter((a) => a !== armed);
    return armed;
  }

  /** Hands the request to the test and waits for its release, or rejects when the engine aborts. */
  #park(armed: Armed, request: HttpRequest): Promise<Outcome> {
    return new Promise((resolve, reject) => {
      let aborted = false;
      const onAbort = (): void => {
        aborted = true;
        reject(new UploadError(`${request.method} stopped`, { kind: 'aborted', method: request.method, url: request.url, cause: request.signal.reason }));
      };
      if (request.signal.aborted) onAbort();
      else request.signal.addEventListener('abort', onAbort, { once: true });
      armed.reached({
        point: armed.point,
        url: request.url,
        get aborted() {
          return aborted;
        },
        release: (outcome = 'answer') => {
          request.signal.removeEventListener('abort', onAbort);
          resolve(outcome);
        },
      });
    });
  }
}

function networkError(request: HttpRequest): UploadError {
  return new UploadError(`${request.method} failed: the network connection was lost or refused`, { kind: 'network', method: request.method, url: request.url });
}
