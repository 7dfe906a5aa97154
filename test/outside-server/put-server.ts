import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Emulator, StoredObject } from '../../server/emulators/shared/emulator.js';
import { startEmulatorServer, type EmulatorRequest } from '../../server/emulators/shared/emulator-server.js';
import { FaultSet } from '../../server/emulators/shared/faults.js';
import { RequestLog } from '../../server/emulators/shared/request-log.js';
import type { ServerTarget, StartedTarget, TargetOptions } from '../../server/targets/target.js';

/**
 * The storage of the outside target (test/outside/put-target.ts): a minimal PUT-per-part
 * service someone might run themselves, strict about what it checks. `POST /<route>/start`
 * opens an upload, `POST /<route>/token` issues a bearer token for it (one for all its parts);
 * the browser sends `PUT /uploads/<id>/parts/<n>` with `Authorization: Bearer` and
 * `Content-MD5`, lists with `GET /uploads/<id>/parts` and finishes with
 * `POST /uploads/<id>/complete` (`{"parts":[1,2,…]}`), which stores the object.
 */
export const PUT_TARGET = 'put-demo';

interface Upload {
  readonly key: string;
  readonly parts: Map<number, Buffer>;
  readonly tokens: Map<string, number>;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

async function body(req: IncomingMessage, entry?: { bytesIn: number }): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    chunks.push(chunk as Buffer);
    if (entry !== undefined) entry.bytesIn += (chunk as Buffer).length;
  }
  return Buffer.concat(chunks);
}

export async function startPutTarget(options: TargetOptions): Promise<StartedTarget> {
  const uploads = new Map<string, Upload>();
  const objects = new Map<string, { readonly bytes: Buffer; readonly md5: string }>();
  const accepted = new Map<string, number>();
  const settings = { ttlSeconds: options.ttlSeconds };
  const log = new RequestLog();
  const faults = new FaultSet();

  const authorized = (upload: Upload, req: IncomingMessage): 'ok' | 'expired' | 'denied' => {
    const token = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
    const expiresAt = token === undefined ? undefined : upload.tokens.get(token);
    if (expiresAt === undefined) return 'denied';
    return expiresAt > Date.now() ? 'ok' : 'expired';
  };

  const handle = async ({ req, res, op, url, entry }: EmulatorRequest): Promise<void> => {
    const [, , id = '', , number] = url.pathname.split('/');
    const upload = uploads.get(id);
    if (upload === undefined) return json(res, 404, { code: 'NoSuchUpload' });
    const auth = authorized(upload, req);
    if (auth !== 'ok') {
      await body(req).catch(() => undefined);
      return json(res, 401, { code: auth === 'expired' ? 'TokenExpired' : 'AccessDenied' });
    }
    if (op === 'PutPart') {
      const n = Number(number);
      const bytes = await body(req, entry);
      if (!Number.isInteger(n) || n < 1 || n > 10_000) return json(res, 400, { code: 'InvalidPartNumber' });
      const md5 = req.headers['content-md5'];
      if (md5 === undefined) return json(res, 400, { code: 'MissingContentMD5' });
      if (createHash('md5').update(bytes).digest('base64') !== md5) return json(res, 400, { code: 'BadDigest' });
      upload.parts.set(n, bytes);
      const seen = `${id} ${n}`;
      accepted.set(seen, (accepted.get(seen) ?? 0) + 1);
      return json(res, 200, { md5: createHash('md5').update(bytes).digest('hex') });
    }
    if (op === 'ListParts') {
      const parts = [...upload.parts].map(([n, bytes]) => ({ number: n, size: bytes.length, md5: createHash('md5').update(bytes).digest('hex') }));
      return json(res, 200, { parts: parts.sort((a, b) => a.number - b.number) });
    }
    const { parts } = JSON.parse((await body(req)).toString('utf8') || '{}') as { parts?: unknown };
    if (!Array.isArray(parts) || !parts.every((n, i) => n === i + 1 && upload.parts.has(n))) return json(res, 400, { code: 'InvalidPartList' });
    const bytes = Buffer.concat(parts.map((n: number) => upload.parts.get(n) ?? Buffer.alloc(0)));
    objects.set(upload.key, { bytes, md5: createHash('md5').update(bytes).digest('hex') });
    uploads.delete(id);
    return json(res, 200, { key: upload.key, size: bytes.length });
  };

  const server = await startEmulatorServer(
    {
      name: PUT_TARGET,
      log,
      faults,
      cors: () => ({ allowMethods: ['GET', 'PUT', 'POST'], exposeHeaders: [], maxAgeSeconds: 600 }),
      route: (req, url) => {
        const match = /^\/uploads\/([^/]+)\/(parts(?:\/\d+)?|complete)$/.exec(url.pathname);
        const key = match === null ? undefined : uploads.get(match[1] ?? '')?.key;
        if (match === null) return undefined;
        if (match[2] === 'complete' && req.method === 'POST') return { op: 'Complete', ...(key === undefined ? {} : { key }) };
        if (match[2] === 'parts' && req.method === 'GET') return { op: 'ListParts', ...(key === undefined ? {} : { key }) };
        if (match[2]?.startsWith('parts/') === true && req.method === 'PUT') return { op: 'PutPart', ...(key === undefined ? {} : { key }) };
        return undefined;
      },
      handle,
      notFound: (res) => json(res, 404, { code: 'NotFound' }),
      internalError: (res, error) => json(res, 500, { code: 'InternalError', message: String(error) }),
    },
    options.ports[PUT_TARGET] ?? 0,
  );

  const emulator: Emulator = {
    name: PUT_TARGET,
    url: server.url,
    faults,
    log,
    object: (key): StoredObject | undefined => {
      const stored = objects.get(key);
      return stored === undefined ? undefined : { bucket: '', key, size: stored.bytes.length, md5: stored.md5, etag: stored.md5, contentType: '', path: '' };
    },
    uploads: () => [...uploads].map(([uploadId, upload]) => ({ uploadId, key: upload.key, parts: [...upload.parts.keys()].sort((a, b) => a - b) })),
    accepted: () =>
      [...accepted].map(([seen, count]) => {
        const [uploadId = '', n = '0'] = seen.split(' ');
        return { uploadId, key: uploads.get(uploadId)?.key ?? '', partNumber: Number(n), count };
      }),
    configure: () => undefined,
    reset: async () => {
      uploads.clear();
      objects.clear();
      accepted.clear();
      faults.clear();
      log.clear();
    },
    close: () => server.close(),
  };

  /** The backend's side: it opens uploads and hands out tokens (the browser's word on the key is a hint). */
  const answer = (op: string, request: Record<string, unknown>): unknown => {
    if (op === 'start') {
      const file = request.file as { name?: unknown } | undefined;
      const key = typeof request.key === 'string' ? request.key : `uploads/${String(file?.name ?? 'file')}`;
      const id = randomBytes(8).toString('hex');
      uploads.set(id, { key, parts: new Map(), tokens: new Map() });
      return { uploadId: id, key, url: `${server.url}/uploads/${id}` };
    }
    const upload = uploads.get(String(request.uploadId));
    if (op === 'token' && upload !== undefined) {
      const token = randomBytes(16).toString('hex');
      const expiresAt = Date.now() + settings.ttlSeconds * 1000;
      upload.tokens.set(token, expiresAt);
      return { token, expiresAt };
    }
    throw new Error(`no upload ${String(request.uploadId)} for ${op}`);
  };
  /** `POST <route>/<op>` with a JSON body, over web Request/Response like chunk-uploader/server, CORS included. */
  const signer = {
    async handle(request: Request): Promise<Response> {
      const origin = request.headers.get('origin');
      const cors: Record<string, string> = origin === null ? {} : { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' };
      if (request.method === 'OPTIONS') {
        return new Response(null, { status: 204, headers: { ...cors, 'Access-Control-Allow-Methods': 'POST', 'Access-Control-Allow-Headers': 'content-type' } });
      }
      const op = new URL(request.url).pathname.split('/').pop() ?? '';
      try {
        const body = (await request.json()) as Record<string, unknown>;
        return Response.json(answer(op, body), { headers: { ...cors, 'Cache-Control': 'no-store' } });
      } catch (error) {
        return Response.json({ code: 'NoSuchUpload', message: error instanceof Error ? error.message : String(error) }, { status: 404, headers: cors });
      }
    },
  };

  return {
    urls: { [PUT_TARGET]: server.url },
    emulators: { [PUT_TARGET]: emulator },
    providers: { [PUT_TARGET]: signer },
    signers: {
      [PUT_TARGET]: {
        configure: (values) => {
          if (typeof values.ttlSeconds === 'number') settings.ttlSeconds = values.ttlSeconds;
        },
      },
    },
    stop: async () => undefined,
  };
}

export const putServerTarget: ServerTarget = { name: PUT_TARGET, start: startPutTarget };
