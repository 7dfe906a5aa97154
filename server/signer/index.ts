import type { IncomingMessage, ServerResponse } from 'node:http';
import { listen, type Listening } from '../emulators/shared/listen.js';
import { readJson, sendJson, SignerError } from './http.js';
import type { ProviderSigner } from './provider-signer.js';

/**
 * The reference backend the element calls by default: `POST /<provider>/<op>` with a JSON
 * body, answered with JSON. Errors are `{code, message}` with an HTTP status.
 * It never logs request bodies or answers: they carry signatures.
 */
export interface SignerServer {
  readonly url: string;
  close(): Promise<void>;
}

export async function startSignerServer(providers: Readonly<Record<string, ProviderSigner>>, port = 0): Promise<SignerServer> {
  const listening: Listening = await listen((req, res) => void serve(providers, req, res), port);
  return { url: listening.url, close: () => listening.close() };
}

export async function serve(
  providers: Readonly<Record<string, ProviderSigner>>,
  req: IncomingMessage,
  res: ServerResponse,
  pathname = new URL(req.url ?? '/', 'http://x').pathname,
): Promise<void> {
  const origin = req.headers.origin;
  if (origin !== undefined) {
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Vary', 'Origin');
  }
  if (req.method === 'OPTIONS') {
    res.setHeader('Access-Control-Allow-Methods', 'POST');
    res.setHeader('Access-Control-Allow-Headers', String(req.headers['access-control-request-headers'] ?? 'content-type'));
    res.setHeader('Access-Control-Max-Age', '600');
    res.writeHead(204).end();
    return;
  }
  const [, provider = '', op = ''] = pathname.split('/');
  const signer = providers[provider];
  try {
    if (req.method !== 'POST') throw new SignerError(405, 'MethodNotAllowed', 'use POST');
    if (signer === undefined) throw new SignerError(404, 'UnknownProvider', `no signer for provider ${provider}`);
    const body = await readJson(req);
    sendJson(res, 200, await signer.handle(op, body));
  } catch (error) {
    if (error instanceof SignerError) {
      sendJson(res, error.status, { code: error.code, message: error.message });
      return;
    }
    sendJson(res, 500, { code: 'SignerFailure', message: error instanceof Error ? error.message : 'signer failure' });
  }
}
