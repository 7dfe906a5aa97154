import { UploadError } from '../../transport/upload-error.js';
import type { Io, Session } from '../../contracts/protocol.js';
import type { FileInfo } from '../../contracts/signer.js';
import type { TokenResponse } from './operations.js';
import { callSigner, sessionField } from '../shared/sign-answers.js';
import { expectToken } from './wire.js';

/** A token this close to its deadline is not used for a new request. */
const EXPIRY_MARGIN_MS = 1_000;
/** Uploads whose token is remembered; older ones (canceled, forgotten) fall out. */
const MAX_UPLOADS = 64;

/**
 * UpTokens, one per upload, held in memory only: never in the Session or the journal, so a
 * token is never written to disk. A token is asked for again when it has run out, or when the
 * upload host called it expired (`drop`), which leaves every ctx already made valid (1.3).
 */
export class TokenCache {
  #entries = new Map<string, Promise<TokenResponse>>();
  /** The signer provider asked: `qiniu` (v1) or `qiniu-v2`; both answer `token` alike. */
  readonly #provider: string;

  constructor(provider = 'qiniu') {
    this.#provider = provider;
  }

  /** Remembers the answer `begin` already got, so the first block does not ask again. */
  put(uploadId: string, answer: TokenResponse): void {
    this.#remember(uploadId, Promise.resolve(answer));
  }

  async get(session: Session, file: FileInfo, io: Io): Promise<TokenResponse> {
    const cached = this.#entries.get(session.uploadId);
    if (cached !== undefined) {
      const answer = await cached.catch(() => undefined);
      if (answer !== undefined && answer.expiresAt - EXPIRY_MARGIN_MS > Date.now()) return answer;
      if (this.#entries.get(session.uploadId) !== cached) return this.get(session, file, io);
    }
    const request = TokenCache.ask(io, file, session.key === '' ? undefined : session.key, session, this.#provider).then((answer) => {
      if (session.key !== '' && answer.key !== undefined && answer.key !== session.key) {
        throw new UploadError(`the signer answered with a token for key ${answer.key}, but this upload writes ${session.key}`, {
          kind: 'protocol',
          code: 'token-key-changed',
        });
      }
      return answer;
    });
    this.#remember(session.uploadId, request);
    request.catch(() => {
      if (this.#entries.get(session.uploadId) === request) this.#entries.delete(session.uploadId);
    });
    return request;
  }

  /** The host called this token expired: forget it unless a newer one replaced it already. */
  async drop(uploadId: string, token: string): Promise<void> {
    const cached = this.#entries.get(uploadId);
    if (cached === undefined) return;
    const answer = await cached.catch(() => undefined);
    if (this.#entries.get(uploadId) === cached && (answer === undefined || answer.token === token)) this.#entries.delete(uploadId);
  }

  forget(uploadId: string): void {
    this.#entries.delete(uploadId);
  }

  /** A first token (no session: the backend opens the upload), or a fresh one for `session`. */
  static async ask(io: Io, file: FileInfo, key: string | undefined, session?: Session, provider = 'qiniu'): Promise<TokenResponse> {
    return expectToken(await callSigner(io, { op: 'token', provider, file, ...(key === undefined ? {} : { key }), ...sessionField(session) }));
  }

  #remember(uploadId: string, entry: Promise<TokenResponse>): void {
    this.#entries.delete(uploadId);
    this.#entries.set(uploadId, entry);
    while (this.#entries.size > MAX_UPLOADS) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) break;
      this.#entries.delete(oldest);
    }
  }
}
