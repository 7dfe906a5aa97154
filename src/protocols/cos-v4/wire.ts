import { UploadError } from '../../transport/upload-error.js';
import type { Io } from '../../contracts/protocol.js';
import type { FileInfo } from '../../contracts/signer.js';
import { cosFailure, parseEnvelope, type CosEnvelope, type CosOp } from './envelope.js';
import type { SignatureCache, Signed } from './signatures.js';

export interface WireOptions {
  /** `query` (default): `?sign=`, so the form POST can stay a CORS simple request. */
  readonly signatureIn: 'query' | 'header';
  /** Register no upload progress (and so no stall detection) on slices: see README, COS v4. */
  readonly simpleRequests: boolean;
}

export interface WireCall {
  readonly file: FileInfo;
  /** The object key, once the signer has chosen it. */
  readonly key: string | undefined;
  readonly fields: Readonly<Record<string, string | Blob>>;
  /** Slices only: bytes of the form body sent so far (fields included). */
  readonly onProgress?: (loaded: number) => void;
}

const SIGNATURE_REFUSED = new Set(['-97', '-48', '-59']);

/**
 * One signed multipart/form-data POST of the slice API and its JSON envelope. Signature answers
 * are settled here: -96 drops the cached signature (the engine then calls again at once); a
 * refused signature is dropped and signed once more, and a second refusal is a terminal `auth`.
 */
export class CosWire {
  readonly #signatures: SignatureCache;
  readonly #options: WireOptions;

  constructor(signatures: SignatureCache, options: WireOptions) {
    this.#signatures = signatures;
    this.#options = options;
  }

  async call(io: Io, op: CosOp, call: WireCall): Promise<{ readonly envelope: CosEnvelope; readonly signed: Signed }> {
    const signed = await this.#signatures.get(io, call.file, call.key);
    const form = new FormData();
    form.append('op', op);
    for (const [name, value] of Object.entries(call.fields)) form.append(name, value);
    const inHeader = this.#options.signatureIn === 'header';
    const url = inHeader ? signed.url : `${signed.url}?sign=${encodeURIComponent(signed.sign)}`;
    const watch = call.onProgress !== undefined && !this.#options.simpleRequests;
    const response = await io.transport.request({
      method: 'POST',
      url,
      ...(inHeader ? { headers: { Authorization: signed.sign } } : {}),
      body: form,
      signal: io.signal,
      timeoutMs: io.timeouts.requestMs,
      ...(watch ? { stallMs: io.timeouts.stallMs, onUploadProgress: call.onProgress } : {}),
    });
    const envelope = response.status === 200 ? parseEnvelope(response.body) : undefined;
    if (envelope !== undefined && envelope.code === 0) return { envelope, signed };
    const error = cosFailure(op, response, url);
    if (error.code === '-96') this.#signatures.drop(signed);
    if (error.code !== undefined && SIGNATURE_REFUSED.has(error.code) && this.#signatures.refuse(signed) === 'resign') {
      throw new UploadError(error.message, { ...error, kind: 'expired-credential', cause: error });
    }
    throw error;
  }
}
