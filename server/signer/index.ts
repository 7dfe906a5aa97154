import type { IncomingMessage, ServerResponse } from 'node:http';
import { toNodeHandler, type Signer } from '../../src/server/index.js';
import { listen, type Listening } from '../emulators/shared/listen.js';

/**
 * The playground's signer routes: `POST /<route>/<op>` goes to the package signer mounted as
 * `<route>` (chunk-uploader/server, one per target: `oss`, `s3`, `s3rver`, …).
 */
export type SignerRoutes = (req: IncomingMessage, res: ServerResponse, pathname: string) => Promise<void>;

export function signerRoutes(signers: Readonly<Record<string, Pick<Signer, 'handle'>>>): SignerRoutes {
  const handlers = new Map(Object.entries(signers).map(([route, signer]) => [route, toNodeHandler(signer)]));
  return async (req, res, pathname) => {
    const route = pathname.split('/')[1] ?? '';
    const handler = handlers.get(route);
    if (handler === undefined) {
      res.writeHead(404, { 'Content-Type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ code: 'UnknownProvider', message: `no signer for provider ${route}` }));
      return;
    }
    // The playground has no framework behind the handler: its `next(error)` answers 500 here,
    // since a rejection would go unhandled in the server's process (the test runner's).
    await new Promise<void>((resolve) => {
      res.once('finish', resolve);
      res.once('close', resolve);
      handler(req, res, () => {
        failed(res);
        resolve();
      });
    });
  };
}

/** The answer to a request whose handling threw: 500 when nothing went out yet, else a cut. */
export function failed(res: ServerResponse): void {
  if (res.headersSent) res.destroy();
  else if (!res.destroyed) res.writeHead(500, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify({ code: 'InternalError', message: 'the playground server failed' }));
}

export interface SignerServer {
  readonly url: string;
  close(): Promise<void>;
}

export async function startSignerServer(signers: Readonly<Record<string, Pick<Signer, 'handle'>>>, port = 0): Promise<SignerServer> {
  const routes = signerRoutes(signers);
  const listening: Listening = await listen((req, res) => {
    routes(req, res, new URL(req.url ?? '/', 'http://x').pathname).catch(() => failed(res));
  }, port);
  return { url: listening.url, close: () => listening.close() };
}
