import { createHash } from 'node:crypto';
import { Agent, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { drain } from '../emulators/shared/disk-store.js';
import type { EmulatorHandle } from '../emulators/shared/emulator.js';
import { FaultSet, type FaultAction, type FaultRule } from '../emulators/shared/faults.js';
import { listen } from '../emulators/shared/listen.js';
import { RequestLog, type LoggedRequest } from '../emulators/shared/request-log.js';
import type { AzuriteBlob } from './azurite.js';
import { AzuriteAccepted, createAzuriteInspector } from './azurite-inspect.js';

/**
 * A small proxy in front of Azurite that speaks the project's fault vocabulary
 * (server/emulators/shared/faults.ts), since Azurite injects none. Browsers reach Azurite only
 * through it; every request goes on to Azurite unchanged unless a rule hits it, and then the
 * fault is acted out on the way (a reset after some bytes reached Azurite, a stall, a flipped
 * byte Azurite then refuses by its Content-MD5) or instead of Azurite (a status, an expired SAS
 * answered as Azure answers it). Preflights go to Azurite too: its CORS rule is the one in force.
 * The backend's SDK calls Azurite directly, so only browser traffic is logged and faulted.
 */

const SUPPORTED: ReadonlySet<FaultAction> = new Set(['status', 'delay', 'reset', 'stall', 'expire', 'corrupt']);

/** Rejects rules the proxy cannot act out, instead of silently ignoring them. */
class ProxyFaultSet extends FaultSet {
  override add(rule: FaultRule): number {
    if (!SUPPORTED.has(rule.action)) throw new Error(`the Azure fault proxy cannot act out ${rule.action}`);
    return super.add(rule);
  }
}

/** Response headers scripts may read, as in Azurite's CORS rule (server/third-party/azurite.ts). */
const EXPOSED = 'Content-MD5,x-ms-request-id,x-ms-error-code';

interface Route {
  readonly op: string;
  readonly key: string | undefined;
  readonly blockId: string | undefined;
}

/** Operation names as the Blob REST API calls them (learn.microsoft.com/rest/api/storageservices). */
function routeOf(req: IncomingMessage, url: URL, prefix: string): Route {
  const comp = url.searchParams.get('comp');
  const key = url.pathname.startsWith(prefix) ? decodeURIComponent(url.pathname.slice(prefix.length)) : undefined;
  const method = req.method ?? 'GET';
  const op =
    method === 'PUT' && comp === 'block' ? 'PutBlock'
    : method === 'PUT' && comp === 'blocklist' ? 'PutBlockList'
    : method === 'GET' && comp === 'blocklist' ? 'GetBlockList'
    : method === 'PUT' && comp === null ? 'PutBlob'
    : method === 'GET' && comp === null ? 'GetBlob'
    : method === 'HEAD' ? 'GetBlobProperties'
    : method === 'DELETE' ? 'DeleteBlob'
    : `${method}:${comp ?? ''}`;
  return { op, key: key === '' ? undefined : key, blockId: url.searchParams.get('blockid') ?? undefined };
}

/** Azure's answer to a request whose SAS ran out (its AuthenticationErrorDetail names the window). */
function expiredSasBody(): string {
  const now = new Date();
  const start = new Date(now.getTime() - 16 * 60_000).toUTCString();
  const expiry = new Date(now.getTime() - 60_000).toUTCString();
  return (
    '<?xml version="1.0" encoding="utf-8"?><Error><Code>AuthenticationFailed</Code><Message>Server failed to authenticate the request. ' +
    'Make sure the value of Authorization header is formed correctly including the signature.</Message>' +
    `<AuthenticationErrorDetail>Signature not valid in the specified time frame: Start [${start}] - Expiry [${expiry}] - Current [${now.toUTCString()}]</AuthenticationErrorDetail></Error>`
  );
}

export async function startAzuriteFaultProxy(azurite: AzuriteBlob, port = 0): Promise<EmulatorHandle> {
  const upstream = new URL(azurite.url);
  const agent = new Agent({ keepAlive: true });
  const faults = new ProxyFaultSet();
  const log = new RequestLog();
  const accepted = new AzuriteAccepted();
  const prefix = `/${azurite.accountName}/${azurite.container}/`;

  const answer = (req: IncomingMessage, res: ServerResponse, status: number, body: string, headers: Readonly<Record<string, string>>): void => {
    const origin = req.headers.origin;
    res.writeHead(status, {
      ...(origin === undefined ? {} : { 'Access-Control-Allow-Origin': origin, 'Access-Control-Expose-Headers': EXPOSED, Vary: 'Origin' }),
      ...headers,
    });
    res.end(body);
  };

  /**
   * Sends the request on to Azurite. `limit` bytes of body at most (a reset or a stall), then
   * `cut` decides what happens to the client; `corrupt` flips one byte of what Azurite receives.
   */
  const forward = (
    req: IncomingMessage,
    res: ServerResponse,
    entry: LoggedRequest | undefined,
    route: Route | undefined,
    act?: { readonly limit?: number; readonly cut?: 'reset' | 'stall'; readonly corrupt?: boolean },
  ): void => {
    const headers = { ...req.headers, host: upstream.host };
    const outgoing = httpRequest(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers, agent },
      (incoming) => {
        if (act?.cut !== undefined) {
          incoming.resume();
          return;
        }
        if (incoming.statusCode === 201 && route?.op === 'PutBlock' && route.key !== undefined && route.blockId !== undefined) {
          accepted.count(route.key, route.blockId);
        }
        res.writeHead(incoming.statusCode ?? 502, incoming.headers);
        incoming.pipe(res);
      },
    );
    outgoing.on('error', () => {
      if (!res.headersSent) answer(req, res, 502, 'the Azure fault proxy could not reach Azurite', { 'Content-Type': 'text/plain' });
      else res.destroy();
    });
    res.on('close', () => {
      if (!res.writableFinished) outgoing.destroy();
    });
    const md5 = req.headers['content-md5'] === undefined ? undefined : createHash('md5');
    let sent = 0;
    let flipped = false;
    req.on('data', (chunk: Buffer) => {
      const room = act?.limit === undefined ? chunk.length : Math.max(0, act.limit - sent);
      let piece = room < chunk.length ? chunk.subarray(0, room) : chunk;
      if (act?.corrupt === true && !flipped && piece.length > 0) {
        piece = Buffer.from(piece);
        piece[piece.length >> 1] = (piece[piece.length >> 1] ?? 0) ^ 0xff;
        flipped = true;
      }
      sent += piece.length;
      if (entry !== undefined) entry.bytesIn += chunk.length;
      md5?.update(piece);
      if (piece.length > 0) outgoing.write(piece);
      if (act?.limit !== undefined && sent >= act.limit) {
        req.pause();
        req.removeAllListeners('data');
        if (act.cut === 'reset') {
          outgoing.destroy();
          req.socket.destroy();
        }
        // A stall keeps both connections open until the client gives up.
      }
    });
    req.on('end', () => {
      if (entry !== undefined && md5 !== undefined) {
        entry.digest = md5.digest('base64') === req.headers['content-md5'] ? 'valid' : 'invalid';
      } else if (entry !== undefined && route?.op === 'PutBlock') {
        entry.digest = 'absent';
      }
      outgoing.end();
    });
  };

  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method === 'OPTIONS') {
      forward(req, res, undefined, undefined);
      return;
    }
    const route = routeOf(req, url, prefix);
    const hit = faults.take(route.op, route.key);
    const rule = hit?.rule;
    const entry = log.start({
      op: route.op,
      method: req.method ?? 'GET',
      path: url.pathname,
      key: route.key,
      fault: rule?.action,
      host: req.headers.host ?? '',
    });
    res.on('close', () => {
      // No answer went out when the client left first (nginx's 499).
      entry.status = res.writableFinished ? res.statusCode : 499;
      entry.doneAt = Date.now();
    });
    switch (rule?.action) {
      case undefined:
        return forward(req, res, entry, route);
      case 'status':
        await drain(req, entry).catch(() => undefined);
        return answer(req, res, rule.status ?? 500, rule.body ?? '', { 'Content-Type': 'text/plain', ...rule.headers });
      case 'expire':
        await drain(req, entry).catch(() => undefined);
        return answer(req, res, 403, expiredSasBody(), { 'Content-Type': 'application/xml', 'x-ms-error-code': 'AuthenticationFailed' });
      case 'delay':
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, rule.delayMs ?? 1000);
          res.once('close', () => {
            clearTimeout(timer);
            resolve();
          });
        });
        if (res.destroyed) return;
        return forward(req, res, entry, route);
      case 'reset':
      case 'stall':
        return forward(req, res, entry, route, { limit: rule.afterBytes ?? 64 * 1024, cut: rule.action });
      case 'corrupt':
        return forward(req, res, entry, route, { corrupt: true });
      default:
        throw new Error(`unsupported fault ${rule?.action ?? ''}`);
    }
  };

  const listening = await listen((req, res) => {
    void serve(req, res).catch(() => res.destroy());
  }, port);
  const inspect = createAzuriteInspector(azurite, accepted);
  return {
    name: 'azure',
    url: listening.url,
    faults,
    log,
    object: inspect.object,
    readUrl: (key) => inspect.readUrl(key, listening.url),
    uploads: inspect.uploads,
    accepted: () => accepted.list(),
    configure(settings) {
      if (Object.keys(settings).length > 0) throw new Error('the Azure fault proxy has no settings');
    },
    async reset() {
      faults.clear();
      log.clear();
      await inspect.clear();
    },
    async close() {
      await listening.close();
      agent.destroy();
    },
  };
}
