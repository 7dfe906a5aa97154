import type { SignRequest, Signer } from '../contracts/signer.js';
import type { Transport } from '../transport/transport.js';
import { classifyStatus, retryAfterOf } from '../transport/classify.js';
import { UploadError } from '../transport/upload-error.js';

/**
 * The default Signer: POST `<endpoint>/<op>` with the request as JSON, answer parsed as JSON.
 * A non-2xx answer becomes an UploadError whose kind follows the status and whose code is the
 * body's `code` field, so adapters can map storage errors relayed by the backend.
 */
export function createHttpSigner(endpoint: string, transport: Transport): Signer {
  const base = endpoint.replace(/\/+$/, '');
  return async (request: SignRequest, { signal }) => {
    const url = `${base}/${request.op}`;
    const response = await transport.request({
      method: 'POST',
      url,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(request),
      signal,
      timeoutMs: 60_000,
    });
    const parsed = parseJson(response.body);
    if (response.status >= 200 && response.status < 300) {
      if (parsed === undefined) {
        throw new UploadError(`the signer's answer to ${request.op} is not JSON`, {
          kind: 'protocol',
          status: response.status,
          method: 'POST',
          url,
        });
      }
      return parsed;
    }
    const detail = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
    const code = typeof detail.code === 'string' ? detail.code : undefined;
    const message = typeof detail.message === 'string' ? detail.message : `HTTP ${response.status}`;
    throw new UploadError(`the signer refused ${request.op}: ${message}`, {
      kind: classifyStatus(response.status),
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
