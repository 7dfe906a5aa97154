import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Signer } from './create-signer.js';

/** A request as node:http, Express or Connect hands it over (`body` when a JSON parser ran first). */
type NodeRequest = IncomingMessage & { readonly body?: unknown; readonly originalUrl?: string };

const BODY_LIMIT = 1024 * 1024;

/**
 * The signer as a node:http / Express / Connect handler: `app.use('/upload', toNodeHandler(signer))`
 * or `http.createServer(toNodeHandler(signer))`. It works whether or not `express.json()` ran
 * before it. Behind a proxy that terminates TLS, pass `{ trustProxy: true }` so the request's
 * origin (compared with the Origin header) is read from X-Forwarded-Proto and -Host.
 */
export function toNodeHandler(
  signer: Pick<Signer, 'handle'>,
  options: { readonly trustProxy?: boolean } = {},
): (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void) => void {
  return (req, res, next) => {
    void (async () => {
      const response = await signer.handle(await toRequest(req as NodeRequest, options.trustProxy ?? false));
      const headers: Record<string, string> = {};
      response.headers.forEach((value, name) => {
        headers[name] = value;
      });
      res.writeHead(response.status, headers);
      res.end(Buffer.from(await response.arrayBuffer()));
    })().catch((error: unknown) => {
      // The client left mid-request (a cancel, a closed tab): nobody is there to answer, and
      // handing Express a routine disconnect as an error would only log noise.
      if (req.socket.destroyed && !res.headersSent) return;
      if (next !== undefined) next(error);
      else if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  };
}

async function toRequest(req: NodeRequest, trustProxy: boolean): Promise<Request> {
  const forwarded = (name: string): string | undefined => {
    const value = req.headers[name];
    return trustProxy && typeof value === 'string' ? value.split(',')[0]?.trim() : undefined;
  };
  const encrypted = (req.socket as { encrypted?: boolean }).encrypted === true;
  const protocol = forwarded('x-forwarded-proto') ?? (encrypted ? 'https' : 'http');
  const host = forwarded('x-forwarded-host') ?? req.headers.host ?? 'localhost';
  const url = new URL(req.originalUrl ?? req.url ?? '/', `${protocol}://${host}`);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  const method = req.method ?? 'GET';
  if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return new Request(url, { method, headers });
  headers.delete('content-length');
  return new Request(url, { method, headers, body: await bodyOf(req) });
}

async function bodyOf(req: NodeRequest): Promise<string> {
  // A body parser (express.json()) already read the stream: its result is the body.
  if (req.readableEnded && req.body !== undefined) return typeof req.body === 'string' ? req.body : JSON.stringify(req.body);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    chunks.push(buffer);
    // Over the limit: what was read is enough for the signer to answer 413.
    if (size > BODY_LIMIT) break;
  }
  return Buffer.concat(chunks).toString('utf8');
}
