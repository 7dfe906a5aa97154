import type { IncomingMessage, ServerResponse } from 'node:http';
import { applyCors, type CorsRule } from './cors.js';
import { drain } from './disk-store.js';
import type { FaultRule, FaultSet } from './faults.js';
import { listen, type Listening } from './listen.js';
import type { LoggedRequest, RequestLog } from './request-log.js';

/** One request as an emulator's handler sees it, after CORS, routing and generic faults. */
export interface EmulatorRequest {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly url: URL;
  readonly op: string;
  readonly key: string | undefined;
  /** A fault the handler must act out itself (`expire`, `corrupt`, `hostile-host`, …). */
  readonly fault: FaultRule | undefined;
  readonly entry: LoggedRequest;
}

export interface RouteMatch {
  readonly op: string;
  readonly key?: string;
}

export interface EmulatorSpec {
  readonly name: string;
  readonly log: RequestLog;
  readonly faults: FaultSet;
  cors(): CorsRule;
  route(req: IncomingMessage, url: URL): RouteMatch | undefined;
  handle(request: EmulatorRequest): Promise<void>;
  /** Answer for a request no route matches, in the target's own error format. */
  notFound(res: ServerResponse): void;
  /** Answer for a failure inside the emulator itself. */
  internalError(res: ServerResponse, error: unknown): void;
}

const GENERIC = new Set(['status', 'delay', 'delay-answer', 'reset', 'stall']);

/** Starts a loopback server that runs every request through CORS, routing, faults and logging. */
export function startEmulatorServer(spec: EmulatorSpec, port = 0): Promise<Listening> {
  return listen((req, res) => {
    void serve(spec, req, res);
  }, port);
}

async function serve(spec: EmulatorSpec, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = requestUrl(req);
  if (url === undefined) {
    await drain(req).catch(() => undefined);
    spec.notFound(res);
    return;
  }
  if (applyCors(req, res, spec.cors())) return;
  const match = spec.route(req, url);
  if (match === undefined) {
    await drain(req).catch(() => undefined);
    spec.notFound(res);
    return;
  }
  const hit = spec.faults.take(match.op, match.key);
  const entry = spec.log.start({
    op: match.op,
    method: req.method ?? 'GET',
    path: url.pathname,
    key: match.key,
    fault: hit?.rule.action,
    host: req.headers.host ?? '',
  });
  res.on('finish', () => {
    entry.status = res.statusCode;
    entry.doneAt = Date.now();
  });
  let held = false;
  try {
    const rule = hit?.rule;
    if (rule !== undefined && GENERIC.has(rule.action)) {
      held = rule.action === 'stall';
      const handled = await actOut(rule, req, res, entry);
      if (handled) return;
    }
    await spec.handle({
      req,
      res,
      url,
      op: match.op,
      key: match.key,
      fault: rule !== undefined && !GENERIC.has(rule.action) ? rule : undefined,
      entry,
    });
  } catch (error) {
    if (!res.headersSent && !res.destroyed) spec.internalError(res, error);
    else res.destroy();
  } finally {
    // The server is done with this request. If no answer went out, the client had left (nginx's
    // 499). A stalled request is done only when its connection closes.
    const settle = (): void => {
      if (entry.status === 0) entry.status = res.writableEnded ? res.statusCode : 499;
      entry.doneAt ||= Date.now();
    };
    if (held) res.once('close', settle);
    else settle();
  }
}

/**
 * The request's URL; a Host header that is not a valid host (some SDKs send one) falls back to
 * loopback, since routing is path-style. Undefined when the target itself cannot be parsed.
 */
function requestUrl(req: IncomingMessage): URL | undefined {
  for (const host of [req.headers.host ?? '127.0.0.1', '127.0.0.1']) {
    try {
      return new URL(req.url ?? '/', `http://${host}`);
    } catch {
      // try the next base
    }
  }
  return undefined;
}

/** Acts out a generic fault. Returns true when the request is finished with. */
async function actOut(rule: FaultRule, req: IncomingMessage, res: ServerResponse, entry: LoggedRequest): Promise<boolean> {
  switch (rule.action) {
    case 'delay':
      await new Promise((resolve) => setTimeout(resolve, rule.delayMs ?? 1000));
      return false;
    case 'delay-answer': {
      // Headers and body leave together at end(), so holding end() holds the whole answer.
      const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
      res.end = ((...args: unknown[]) => {
        setTimeout(() => end(...args), rule.delayMs ?? 1000);
        return res;
      }) as ServerResponse['end'];
      return false;
    }
    case 'status':
      await drain(req, entry).catch(() => undefined);
      res.writeHead(rule.status ?? 500, { 'Content-Type': 'text/plain', ...rule.headers });
      res.end(rule.body ?? '');
      return true;
    case 'reset':
      await readBytes(req, rule.afterBytes ?? 64 * 1024, entry);
      req.socket.destroy();
      return true;
    case 'stall':
      await readBytes(req, rule.afterBytes ?? 64 * 1024, entry);
      req.pause();
      // Note: never answered. The client's stall detection must give up; the socket is
      // destroyed when the client aborts or the server closes.
      return true;
    default:
      return false;
  }
}

function readBytes(req: IncomingMessage, limit: number, entry: LoggedRequest): Promise<void> {
  return new Promise((resolve) => {
    let seen = 0;
    const onData = (chunk: Buffer): void => {
      seen += chunk.length;
      entry.bytesIn += chunk.length;
      if (seen >= limit) finish();
    };
    const finish = (): void => {
      req.off('data', onData);
      req.off('end', finish);
      req.off('close', finish);
      req.pause();
      resolve();
    };
    req.on('data', onData);
    req.on('end', finish);
    req.on('close', finish);
  });
}
