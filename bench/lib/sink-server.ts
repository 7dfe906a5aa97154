import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BenchServer, Received } from './bench-server.js';

/** What the sink saw since the last reset. */
export interface SinkCounts {
  /** Signer calls by operation (`initiate`, `part`, `put`, `complete`, …). */
  readonly signs: Readonly<Record<string, number>>;
  /** Storage requests: part PUTs, single PUTs, and the S3-style multipart POSTs. */
  readonly stores: number;
  readonly bytes: number;
}

export interface SinkServer extends BenchServer {
  /** Base URL; the signer JSON API is at `<url>/sign/oss/<op>`, storage at `<url>/store/<key>`. */
  readonly url: string;
  counts(): SinkCounts;
}

const CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST, PUT, DELETE, OPTIONS',
  'Access-Control-Allow-Headers': '*',
  'Access-Control-Expose-Headers': 'ETag',
  'Access-Control-Max-Age': '600',
};

/** One object's arrival: bytes by part number (0 for a single PUT), and whether it was finished. */
interface Arrival {
  readonly parts: Map<number, number>;
  done: boolean;
}

const xmlEscape = (text: string): string => text.replace(/[<>&]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&amp;'));

/**
 * A cheap stand-in for a signer and an S3/OSS-style bucket, so the bench measures the client and
 * not our emulators (which verify signatures and MD5s at 7–11 CPU-seconds per GiB). Bytes are
 * read and dropped. It answers the presigned-part signer API (`initiate`, `part`, `complete`,
 * `list`, `abort`, and `put` for one-request files) and PUTs with 200 and an ETag: the hex of
 * the request's Content-MD5 when one was sent (the engine checks the ETag against its own MD5),
 * else a fixed value. No signature is checked and nothing is stored.
 *
 * For clients that send S3's multipart calls themselves (Uppy 6), `s3-create` and `s3-complete`
 * sign URLs that answer `POST ?uploads` and `POST ?uploadId=` with S3's XML. Only the byte count
 * of each part is kept, so the bench can check that every file arrived whole (`received()`).
 */
export async function startSink(): Promise<SinkServer> {
  let signs: Record<string, number> = {};
  let stores = 0;
  let bytes = 0;
  let uploads = 0;
  let arrivals = new Map<string, Arrival>();
  let base = '';

  const arrival = (key: string): Arrival => {
    let found = arrivals.get(key);
    if (found === undefined) arrivals.set(key, (found = { parts: new Map(), done: false }));
    return found;
  };

  const json = (res: ServerResponse, value: unknown): void => {
    res.writeHead(200, { ...CORS, 'Content-Type': 'application/json' });
    res.end(JSON.stringify(value));
  };

  const sign = async (op: string, req: IncomingMessage, res: ServerResponse): Promise<void> => {
    signs[op] = (signs[op] ?? 0) + 1;
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { key?: string; file?: { name?: string; type?: string }; uploadId?: string; partNumber?: number };
    const key = body.key ?? body.file?.name ?? `object-${uploads}`;
    const store = `${base}/store/${encodeURIComponent(key)}`;
    if (op === 'initiate') {
      uploads += 1;
      json(res, { key, uploadId: `u${uploads}` });
    } else if (op === 'part') json(res, { url: `${store}?partNumber=${body.partNumber ?? 1}&uploadId=${body.uploadId ?? ''}` });
    // As the reference OSS and S3 signers answer `put`: the type the browser is to send.
    else if (op === 'put') json(res, { key, url: store, headers: { 'Content-Type': body.file?.type || 'application/octet-stream' } });
    else if (op === 'complete') {
      arrival(key).done = true;
      json(res, { key });
    } else if (op === 's3-create') json(res, { url: `${store}?uploads` });
    else if (op === 's3-complete') json(res, { url: `${store}?uploadId=${body.uploadId ?? ''}` });
    else if (op === 'list') json(res, { parts: [] });
    else json(res, {});
  };

  /** S3's CreateMultipartUpload and CompleteMultipartUpload, answered with the XML S3 sends. */
  const s3Post = (req: IncomingMessage, res: ServerResponse, key: string, query: URLSearchParams): void => {
    stores += 1;
    req.resume();
    req.on('end', () => {
      const xml = (body: string): void => {
        res.writeHead(200, { ...CORS, 'Content-Type': 'application/xml' });
        res.end(`<?xml version="1.0" encoding="UTF-8"?>\n${body}`);
      };
      const k = xmlEscape(key);
      if (query.has('uploads')) {
        uploads += 1;
        xml(`<InitiateMultipartUploadResult><Bucket>sink</Bucket><Key>${k}</Key><UploadId>u${uploads}</UploadId></InitiateMultipartUploadResult>`);
      } else {
        arrival(key).done = true;
        xml(`<CompleteMultipartUploadResult><Location>${xmlEscape(`${base}/store/${encodeURIComponent(key)}`)}</Location><Bucket>sink</Bucket><Key>${k}</Key><ETag>"sink-1"</ETag></CompleteMultipartUploadResult>`);
      }
    });
  };

  const server = createServer((req, res) => {
    const [path = '/', search = ''] = (req.url ?? '/').split('?');
    if (req.method === 'OPTIONS') {
      res.writeHead(204, CORS);
      res.end();
      return;
    }
    const signed = /^\/sign\/(?:oss\/)?([a-z0-9-]+)$/.exec(path);
    if (req.method === 'POST' && signed !== null) {
      sign(signed[1] ?? '', req, res).catch(() => {
        res.writeHead(400, CORS);
        res.end();
      });
      return;
    }
    const query = new URLSearchParams(search);
    const key = path.startsWith('/store/') ? decodeURIComponent(path.slice('/store/'.length)) : undefined;
    if (req.method === 'POST' && key !== undefined) {
      s3Post(req, res, key, query);
      return;
    }
    if (req.method === 'PUT' && key !== undefined) {
      stores += 1;
      const partNumber = Number(query.get('partNumber') ?? 0);
      let length = 0;
      req.on('data', (chunk: Buffer) => {
        length += chunk.length;
      });
      req.on('end', () => {
        bytes += length;
        const object = arrival(key);
        object.parts.set(partNumber, length);
        if (partNumber === 0) object.done = true;
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
    requests: () => Object.values(signs).reduce((sum, n) => sum + n, 0) + stores,
    received: (): Promise<Received> => {
      const done = [...arrivals.values()].filter((object) => object.done);
      return Promise.resolve({ objects: done.length, bytes: done.reduce((sum, object) => sum + [...object.parts.values()].reduce((a, b) => a + b, 0), 0) });
    },
    reset: () => {
      signs = {};
      stores = 0;
      bytes = 0;
      arrivals = new Map();
      return Promise.resolve();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
