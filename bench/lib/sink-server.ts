import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the sink saw since the last reset. */
export interface SinkCounts {
  /** Signer calls by operation (`initiate`, `part`, `put`, `complete`, …). */
  readonly signs: Readonly<Record<string, number>>;
  /** Storage requests: part PUTs, single PUTs. */
  readonly stores: number;
  readonly bytes: number;
}

export interface SinkServer {
  /** Base URL; the signer JSON API is at `<url>/sign/oss/<op>`, storage at `<url>/store/<key>`. */
  readonly url: string;
  counts(): SinkCounts;
  reset(): void;
  close(): Promise<void>;
}

const CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST, PUT, DELETE, OPTIONS',
  'Access-Control-Allow-Headers': '*',
  'Access-Control-Expose-Headers': 'ETag',
  'Access-Control-Max-Age': '600',
};

/**
 * A cheap stand-in for a signer and an S3/OSS-style bucket, so the bench measures the client and
 * not our emulators (which verify signatures and MD5s at 7–11 CPU-seconds per GiB). Bytes are
 * read and dropped. It answers the presigned-part signer API (`initiate`, `part`, `complete`,
 * `list`, `abort`, and `put` for one-request files) and PUTs with 200 and an ETag: the hex of
 * the request's Content-MD5 when one was sent (the engine checks the ETag against its own MD5),
 * else a fixed value. No signature is checked and nothing is stored.
 */
export async function startSink(): Promise<SinkServer> {
  let signs: Record<string, number> = {};
  let stores = 0;
  let bytes = 0;
  let uploads = 0;
  let base = '';

  const json = (res: ServerResponse, value: unknown): void => {
    res.writeHead(200, { ...CORS, 'Content-Type': 'application/json' });
    res.end(JSON.stringify(value));
  };

  const sign = async (op: string, req: IncomingMessage, res: ServerResponse): Promise<void> => {
    signs[op] = (signs[op] ?? 0) + 1;
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { key?: string; file?: { name?: string }; uploadId?: string; partNumber?: number };
    const key = body.key ?? body.file?.name ?? `object-${uploads}`;
    const store = `${base}/store/${encodeURIComponent(key)}`;
    if (op === 'initiate') {
      uploads += 1;
      json(res, { key, uploadId: `u${uploads}` });
    } else if (op === 'part') json(res, { url: `${store}?partNumber=${body.partNumber ?? 1}&uploadId=${body.uploadId ?? ''}` });
    else if (op === 'put') json(res, { key, url: store });
    else if (op === 'complete') json(res, { key });
    else if (op === 'list') json(res, { parts: [] });
    else json(res, {});
  };

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (req.method === 'OPTIONS') {
      res.writeHead(204, CORS);
      res.end();
      return;
    }
    const signed = /^\/sign\/(?:oss\/)?([a-z-]+)$/.exec(path);
    if (req.method === 'POST' && signed !== null) {
      sign(signed[1] ?? '', req, res).catch(() => {
        res.writeHead(400, CORS);
        res.end();
      });
      return;
    }
    if (req.method === 'PUT' && path.startsWith('/store/')) {
      stores += 1;
      req.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
      });
      req.on('end', () => {
        const md5 = req.headers['content-md5'];
        const etag = typeof md5 === 'string' ? Buffer.from(md5, 'base64').toString('hex') : 'sink';
        res.writeHead(200, { ...CORS, ETag: `"${etag}"` });
        res.end();
      });
      return;
    }
    res.writeHead(404, CORS);
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    counts: () => ({ signs: { ...signs }, stores, bytes }),
    reset: () => {
      signs = {};
      stores = 0;
      bytes = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
