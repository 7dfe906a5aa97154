import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createSigner, forbidden, toNodeHandler, type Principal } from '../src/server/index.js';
import { S3_DEFAULTS } from './emulators/s3.js';
import type { SeenRequest } from './backend-commands.js';
import { listen } from './emulators/shared/listen.js';

/**
 * A backend on its own loopback origin that authenticates the way real apps do (README
 * "Authenticating to your backend"), for the tests of issue 19: a cookie session with a CSRF
 * token (double submit), or a bearer token from `/token`. The package signer for S3 is mounted
 * at `/api/upload`, with the default per-user keys. Tests steer it with `AuthBackend` methods.
 */
export interface AuthBackend {
  /** `http://localhost:<port>`: the same site as a test page on localhost, another origin. */
  readonly origin: string;
  readonly signerUrl: string;
  /** Signer requests seen since the last reset, in order. */
  seen(): readonly SeenRequest[];
  /** Each bearer token issued from now on works for this many signer requests (undefined: no limit). */
  setTokenUses(uses: number | undefined): void;
  reset(): void;
  close(): Promise<void>;
}

function cookieOf(header: string | null, name: string): string | undefined {
  for (const pair of (header ?? '').split(';')) {
    const [key, ...value] = pair.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

export async function startAuthBackend(s3Endpoint: string, pageOrigin: string): Promise<AuthBackend> {
  const sessions = new Map<string, { user: string; csrf: string }>();
  const tokens = new Map<string, { user: string; usesLeft: number }>();
  let tokenUses: number | undefined;
  let seen: SeenRequest[] = [];

  const authorize = (request: Request): Principal | null => {
    const op = new URL(request.url).pathname.split('/').at(-1) ?? '';
    const csrf = request.headers.get('x-csrf-token');
    const bearer = /^Bearer (\S+)$/.exec(request.headers.get('authorization') ?? '')?.[1];
    const sid = cookieOf(request.headers.get('cookie'), 'sid');
    seen.push({ op, csrf, bearer: bearer !== undefined, cookie: sid !== undefined });
    if (bearer !== undefined) {
      const token = tokens.get(bearer);
      if (token === undefined || token.usesLeft <= 0) return null;
      token.usesLeft -= 1;
      return { id: token.user };
    }
    const session = sid === undefined ? undefined : sessions.get(sid);
    if (session === undefined) return null;
    // Cookies go along with any request the browser makes; the CSRF token only with the app's.
    if (csrf !== session.csrf) throw forbidden('the CSRF token is missing or wrong');
    return { id: session.user };
  };

  const signer = createSigner({
    provider: 's3',
    endpoint: s3Endpoint,
    region: S3_DEFAULTS.region,
    bucket: S3_DEFAULTS.bucket,
    forcePathStyle: true,
    credentials: { accessKeyId: S3_DEFAULTS.accessKeyId, secretAccessKey: S3_DEFAULTS.secretAccessKey },
    secret: randomBytes(32),
    authorize,
    allowedOrigins: [pageOrigin],
  });
  const signerRoute = toNodeHandler(signer);

  const appRoute = (req: IncomingMessage, res: ServerResponse, path: string): void => {
    const origin = req.headers.origin;
    if (origin === pageOrigin) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
      res.setHeader('Vary', 'Origin');
    }
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { 'Access-Control-Allow-Methods': 'POST' }).end();
      return;
    }
    const user = /[?&]user=([\w-]{1,40})/.exec(req.url ?? '')?.[1] ?? 'guest';
    const secret = randomBytes(24).toString('base64url');
    if (path === '/login') {
      const csrf = randomBytes(16).toString('base64url');
      sessions.set(secret, { user, csrf });
      res.setHeader('Set-Cookie', `sid=${secret}; HttpOnly; SameSite=Lax; Path=/`);
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ user, csrf }));
    } else {
      tokens.set(secret, { user, usesLeft: tokenUses ?? Number.POSITIVE_INFINITY });
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ token: secret }));
    }
  };

  const listening = await listen((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path.startsWith('/api/upload/')) signerRoute(req, res);
    else if (path === '/login' || path === '/token') appRoute(req, res, path);
    else res.writeHead(404).end();
  });
  const origin = listening.url.replace('127.0.0.1', 'localhost');
  return {
    origin,
    signerUrl: `${origin}/api/upload`,
    seen: () => seen,
    setTokenUses(uses) {
      tokenUses = uses;
    },
    reset() {
      seen = [];
      tokenUses = undefined;
    },
    close: () => listening.close(),
  };
}
