import type { IncomingMessage, ServerResponse } from 'node:http';

export interface CorsRule {
  readonly allowMethods: readonly string[];
  /** Response headers scripts may read; storage services expose ETag only when told to. */
  readonly exposeHeaders: readonly string[];
  readonly maxAgeSeconds: number;
}

export const DEFAULT_CORS: CorsRule = {
  allowMethods: ['GET', 'PUT', 'POST', 'DELETE', 'HEAD'],
  exposeHeaders: ['ETag', 'x-oss-request-id', 'x-oss-hash-crc64ecma'],
  maxAgeSeconds: 600,
};

/** Adds CORS headers to every answer; answers a preflight itself and returns true. */
export function applyCors(req: IncomingMessage, res: ServerResponse, rule: CorsRule): boolean {
  const origin = req.headers.origin;
  if (origin !== undefined) {
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Vary', 'Origin');
    if (rule.exposeHeaders.length > 0) res.setHeader('Access-Control-Expose-Headers', rule.exposeHeaders.join(', '));
  }
  if (req.method !== 'OPTIONS' || req.headers['access-control-request-method'] === undefined) return false;
  const method = String(req.headers['access-control-request-method']).toUpperCase();
  if (!rule.allowMethods.includes(method)) {
    res.writeHead(403).end();
    return true;
  }
  res.setHeader('Access-Control-Allow-Methods', rule.allowMethods.join(', '));
  const requested = req.headers['access-control-request-headers'];
  if (requested !== undefined) res.setHeader('Access-Control-Allow-Headers', String(requested));
  res.setHeader('Access-Control-Max-Age', String(rule.maxAgeSeconds));
  res.writeHead(200).end();
  return true;
}
