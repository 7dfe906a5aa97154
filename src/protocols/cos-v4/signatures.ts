import { UploadError } from '../../transport/upload-error.js';
import type { Io } from '../../contracts/protocol.js';
import { callSigner, issuedSession, sessionField } from '../shared/sign-answers.js';
import type { FileInfo, SignerSession } from '../../contracts/signer.js';
import type { SignatureResponse } from './operations.js';

/** A signature as the adapter holds it: in memory only, never in the journal. */
export interface Signed extends SignatureResponse {
  /** Issued right after the service refused the previous one: a second refusal is final. */
  readonly afterRefusal: boolean;
}

function malformed(what: string): UploadError {
  return new UploadError(`the signer's answer to sign is malformed: ${what}`, { kind: 'protocol', code: 'bad-signer-answer' });
}

export function expectSignature(value: unknown): SignatureResponse {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw malformed('not a JSON object');
  const { sign, expiresAt, url, key } = value as Record<string, unknown>;
  if (typeof sign !== 'string' || sign === '') throw malformed('sign must be a non-empty string');
  if (typeof expiresAt !== 'number' || !Number.isFinite(expiresAt)) throw malformed('expiresAt must be Unix milliseconds');
  if (typeof key !== 'string' || key === '') throw malformed('key must be a non-empty string');
  if (typeof url !== 'string' || !/^https?:\/\/[^?#]+$/i.test(url)) throw malformed('url must be an absolute http(s) URL without query');
  const issued = issuedSession('sign', value as Record<string, unknown>);
  return { sign, expiresAt, url, key, ...(issued === undefined ? {} : { session: issued.token, sessionExpiresAt: issued.expiresAt }) };
}

interface Entry {
  readonly pending: Promise<Signed>;
  value?: Signed;
  receivedAt?: number;
}

/**
 * One multi-effect signature per object key, reused for every request of that file until shortly
 * before it expires, then asked for again. Concurrent requests share one signer call.
 */
export class SignatureCache {
  readonly #provider = 'cos-v4' as const;
  #entries = new Map<string, Entry>();
  /** Keys whose last signature the service refused (-97/-48/-59): the next one gets one chance. */
  #refused = new Set<string>();
  /** The backend's session token per key, sent with every signature asked for that key. */
  #sessions = new Map<string, SignerSession>();

  /** Takes over the session token of a journaled upload. */
  adopt(key: string, session: SignerSession | undefined): void {
    if (session !== undefined) this.#sessions.set(key, session);
  }

  /** The backend's session token for `key`, for the Session the journal keeps. */
  sessionFor(key: string): SignerSession | undefined {
    return this.#sessions.get(key);
  }

  /** A usable signature for `key` (undefined before the signer has chosen the key: at init). */
  async get(io: Io, file: FileInfo, key: string | undefined): Promise<Signed> {
    const entry = key === undefined ? undefined : this.#entries.get(key);
    if (entry !== undefined && (entry.value === undefined || this.#fresh(entry))) {
      try {
        return await entry.pending;
      } catch {
        // A shared signer call failed; this caller asks on its own below.
      }
    }
    const next: Entry = { pending: this.#ask(io, file, key) };
    if (key !== undefined) this.#entries.set(key, next);
    try {
      const signed = await next.pending;
      next.value = signed;
      next.receivedAt = Date.now();
      this.#entries.set(signed.key, next);
      return signed;
    } catch (error) {
      if (key !== undefined && this.#entries.get(key) === next) this.#entries.delete(key);
      throw error;
    }
  }

  /** Forgets a signature the service called expired, so the next request signs again. */
  drop(signed: Signed): void {
    const entry = this.#entries.get(signed.key);
    if (entry?.value?.sign === signed.sign) this.#entries.delete(signed.key);
  }

  /**
   * The service refused a signature. The first time, it is dropped and signed again (a rotated
   * key, a clock step); a refusal of the signature issued right after that is final.
   */
  refuse(signed: Signed): 'resign' | 'final' {
    this.drop(signed);
    if (signed.afterRefusal) return 'final';
    this.#refused.add(signed.key);
    return 'resign';
  }

  async #ask(io: Io, file: FileInfo, key: string | undefined): Promise<Signed> {
    const session = key === undefined ? undefined : this.#sessions.get(key);
    const answer = expectSignature(
      await callSigner(io, { op: 'sign', provider: this.#provider, file, ...(key === undefined ? {} : { key }), ...sessionField(session) }),
    );
    // Without a session the key is only the page's hint, which the backend's key policy may
    // replace (the server package's default puts a random id in every key); an upload under way keeps its key.
    if (session !== undefined && answer.key !== key) throw malformed(`it names key ${answer.key}, not the key of this upload`);
    const issued = issuedSession('sign', answer);
    if (issued !== undefined) this.#sessions.set(answer.key, issued);
    return { ...answer, afterRefusal: this.#refused.delete(answer.key) };
  }

  /** Reused until a quarter of its lifetime (at most 30 s) is left. */
  #fresh(entry: Entry): boolean {
    if (entry.value === undefined || entry.receivedAt === undefined) return false;
    const lifetime = entry.value.expiresAt - entry.receivedAt;
    return entry.value.expiresAt - Date.now() > Math.min(30_000, lifetime / 4);
  }
}
