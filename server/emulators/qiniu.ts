import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import CRC32 from 'crc-32';
import { DEFAULT_CORS, type CorsRule } from './shared/cors.js';
import { BodyIncomplete, BodyTooLarge, DiskStore, drain } from './shared/disk-store.js';
import type { Emulator, OpenUpload, PartAcceptCount, StoredObject } from './shared/emulator.js';
import { startEmulatorServer, type EmulatorRequest, type RouteMatch } from './shared/emulator-server.js';
import { FaultSet } from './shared/faults.js';
import { RequestLog } from './shared/request-log.js';
import { urlSafeBase64 } from '../verify/qiniu.js';
import { authenticateQiniu, isQiniuError, scopeKeyOf, type QiniuCaller } from './qiniu/auth.js';
import { BLOCK_SIZE, BlockTable, type Block } from './qiniu/blocks.js';
import { QINIU_ERRORS, sendQiniuError, sendQiniuJson, type QiniuError } from './qiniu/errors.js';
import { downloadKey, privateDownloadUrl, serveDownload } from './qiniu/download.js';
import { formUpload } from './qiniu/form-upload.js';
import { createMkfile, type QiniuObject } from './qiniu/mkfile.js';
import { dropUpload, handleV2, type V2Upload } from './qiniu/multipart-v2.js';
import { parseV2Path } from './qiniu/v2-path.js';
import { parseMkfilePath } from './qiniu/mkfile-path.js';

/**
 * Qiniu uploads as the upload hosts enforce them. Resumable v1 (protocols.md 1.3, checklist 1.7):
 * UpTokens checked with our own HMAC-SHA1 code, 4 MiB blocks built from serial chunks, single-use
 * expiring ctx values, per-request CRC-32, mkfile with a real qetag and the rendered returnBody;
 * form upload (`POST /`, 1.8) for files sent in one request; multipart v2 (`/buckets/…/uploads`,
 * 1.4) with a server-side part list.
 * The server answers on 127.0.0.1 and, as a second upload host name, on localhost.
 */

export interface QiniuEmulatorOptions {
  readonly port?: number;
  readonly buckets?: readonly string[];
  /** AccessKey → SecretKey. */
  readonly credentials?: Readonly<Record<string, string>>;
}

export const QINIU_DEFAULTS = {
  bucket: 'test-bucket',
  accessKey: 'test-qiniu-ak',
  secretKey: 'test-qiniu-sk',
} as const;

const CTX_TTL_SECONDS = 7 * 24 * 3600;

export interface QiniuEmulator extends Emulator {
  readonly bucket: string;
  /** The same server under its second name (`http://localhost:<port>`). */
  readonly altUrl: string;
}

export async function createQiniuEmulator(options: QiniuEmulatorOptions = {}): Promise<QiniuEmulator> {
  const buckets = new Set(options.buckets ?? [QINIU_DEFAULTS.bucket]);
  const firstBucket = [...buckets][0] ?? QINIU_DEFAULTS.bucket;
  const credentials = new Map(Object.entries(options.credentials ?? { [QINIU_DEFAULTS.accessKey]: QINIU_DEFAULTS.secretKey }));
  const store = await DiskStore.create('qiniu');
  const log = new RequestLog();
  const faults = new FaultSet();
  const blocks = new BlockTable();
  const objects = new Map<string, QiniuObject>();
  const v2Uploads = new Map<string, V2Upload>();
  /** Completed blocks by key and content SHA-1: how often the same bytes were sent as a whole block. */
  const completed = new Map<string, Map<string, number>>();
  /** `unavailableHosts`: host names (`localhost:<port>`) answered with 503, as an upload host that is down. */
  const settings = { clockOffsetMs: 0, ctxTtlSeconds: CTX_TTL_SECONDS, unavailableHosts: [] as string[] };
  const now = (): number => Date.now() + settings.clockOffsetMs;

  const route = (req: IncomingMessage, url: URL): RouteMatch | undefined => {
    const v2 = parseV2Path(req.method ?? '', url.pathname);
    if (v2 !== undefined) return { op: v2.op, ...keyOf(v2.key ?? scopeKeyOf(req)) };
    const download = downloadKey(req, url);
    if (download !== undefined) return { op: 'download', key: download };
    if (req.method !== 'POST') return undefined;
    if (url.pathname === '/') return { op: 'form' };
    const op = url.pathname.split('/')[1];
    if (op === 'mkblk' || op === 'bput') return { op, ...keyOf(scopeKeyOf(req)) };
    if (op === 'mkfile') return { op, ...keyOf(parseMkfilePath(url.pathname)?.key ?? scopeKeyOf(req)) };
    return undefined;
  };

  async function handle(request: EmulatorRequest): Promise<void> {
    const { req, res, op, fault, entry } = request;
    const fail = (error: QiniuError): void => sendQiniuError(res, error, op);
    if (settings.unavailableHosts.includes(req.headers.host ?? '')) {
      await drain(req, entry).catch(() => undefined);
      return fail({ status: 503, error: 'service unavailable' });
    }
    // A download carries its own token in the query (qiniu/download.ts).
    if (op === 'download') {
      return serveDownload(req, res, request.key ?? '', { credentials, nowMs: now(), find: (key) => objects.get(`${firstBucket}/${key}`) });
    }
    const broken = fault?.action === 'malformed' || fault?.action === 'error-in-200';
    // A form upload authenticates itself (its token is in the body), unless its answer is broken.
    if (op === 'form' && !broken) {
      return formUpload(request, { store, objects, auth: { credentials, buckets, nowMs: now(), forceExpired: fault?.action === 'expire' } });
    }
    const caller = op === 'form' ? undefined : authenticateQiniu({ req, credentials, buckets, nowMs: now(), forceExpired: fault?.action === 'expire' });
    if (caller !== undefined && isQiniuError(caller)) {
      await drain(req, entry).catch(() => undefined);
      return fail(caller);
    }
    if (broken || caller === undefined) {
      await drain(req, entry).catch(() => undefined);
      if (fault?.action === 'error-in-200') return sendQiniuJson(res, 200, { error: 'internal error' }, op);
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ctx":"');
      return;
    }
    const v2 = parseV2Path(req.method ?? '', request.url.pathname);
    if (v2 !== undefined) return handleV2(request, v2, caller, { store, uploads: v2Uploads, objects, now });
    switch (op) {
      case 'mkblk':
        return mkblk(request, caller, fail);
      case 'bput':
        return bput(request, caller, fail);
      default:
        return mkfile.handle(request, caller, fail);
    }
  }

  function chunkHeaders(req: IncomingMessage, room: number): QiniuError | number {
    const type = String(req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/octet-stream') return QINIU_ERRORS.contentType;
    const raw = req.headers['content-length'];
    if (raw === undefined) return QINIU_ERRORS.noLength;
    const length = Number(raw);
    if (length === 0) return { status: 400, error: 'empty chunk' };
    if (length > room) return { status: 400, error: `chunk of ${length} bytes does not fit the ${room} bytes left in the block` };
    return length;
  }

  async function mkblk(request: EmulatorRequest, caller: QiniuCaller, fail: (e: QiniuError) => void): Promise<void> {
    const { req, url, entry } = request;
    const [, , sizeText = '', ...rest] = url.pathname.split('/');
    const size = Number(sizeText);
    if (rest.length > 0 || !/^\d+$/.test(sizeText) || size < 1 || size > BLOCK_SIZE) {
      await drain(req, entry).catch(() => undefined);
      return fail({ status: 400, error: `invalid block size ${sizeText}: a block holds 1 to ${BLOCK_SIZE} bytes` });
    }
    const length = chunkHeaders(req, size);
    if (typeof length !== 'number') {
      await drain(req, entry).catch(() => undefined);
      return fail(length);
    }
    sweepExpired();
    const block = blocks.create({
      size,
      host: req.headers.host ?? '',
      accessKey: caller.accessKey,
      key: caller.scopeKey,
      sha1: createHash('sha1'),
      expiresAt: 0,
    });
    await receiveChunk(request, block, '', fail);
  }

  async function bput(request: EmulatorRequest, caller: QiniuCaller, fail: (e: QiniuError) => void): Promise<void> {
    const { req, url, entry } = request;
    const segments = url.pathname.split('/');
    const [, , ctx = '', offsetText = ''] = segments;
    const refuse = async (error: QiniuError): Promise<void> => {
      await drain(req, entry).catch(() => undefined);
      fail(error);
    };
    if (segments.length !== 4 || ctx === '' || !/^\d+$/.test(offsetText)) return refuse(QINIU_ERRORS.badPath);
    const block = blocks.find(ctx);
    if (block === undefined || block.accessKey !== caller.accessKey) return refuse(QINIU_ERRORS.invalidContext);
    if (block.expiresAt < now()) return refuse(QINIU_ERRORS.expiredContext);
    if (block.host !== (req.headers.host ?? '')) return refuse(QINIU_ERRORS.wrongHost);
    if (Number(offsetText) !== block.received) return refuse(QINIU_ERRORS.wrongOffset);
    const length = chunkHeaders(req, block.size - block.received);
    if (typeof length !== 'number') return refuse(length);
    await receiveChunk(request, block, ctx, fail);
  }

  /** Streams one chunk to disk with its CRC-32 and the block's running SHA-1, then moves the ctx on. */
  async function receiveChunk(request: EmulatorRequest, block: Block, ctx: string, fail: (e: QiniuError) => void): Promise<void> {
    const { req, res, op, fault, entry } = request;
    const sha1 = block.sha1.copy();
    let crc = 0;
    let body;
    try {
      body = await store.receive(req, {
        entry,
        corrupt: fault?.action === 'corrupt',
        maxBytes: block.size - block.received,
        onChunk: (chunk) => {
          sha1.update(chunk);
          crc = CRC32.buf(chunk, crc);
        },
      });
    } catch (error) {
      if (error instanceof BodyTooLarge) return fail({ status: 400, error: 'chunk exceeds the block size' });
      if (error instanceof BodyIncomplete) return res.destroyed ? undefined : fail(QINIU_ERRORS.incomplete);
      throw error;
    }
    // Another request with the same ctx (or mkfile) may have moved the block on meanwhile.
    if (block.ctx !== ctx) {
      await store.remove(body.path);
      return fail(QINIU_ERRORS.invalidContext);
    }
    const expiresAt = now() + settings.ctxTtlSeconds * 1000;
    const next = blocks.advance(block, body.path, body.size, sha1, expiresAt);
    const digest = sha1.copy().digest();
    if (block.received === block.size) countCompleted(block.key, digest.toString('hex'));
    const hostile = fault?.action === 'hostile-host' ? (fault.host ?? 'http://upload.hostile.invalid') : undefined;
    sendQiniuJson(
      res,
      200,
      {
        ctx: next,
        checksum: urlSafeBase64(digest),
        crc32: crc >>> 0,
        offset: block.received,
        host: hostile ?? `http://${req.headers.host ?? ''}`,
        expired_at: Math.floor(expiresAt / 1000),
      },
      op,
    );
  }

  function countCompleted(key: string | undefined, sha1Hex: string): void {
    const byContent = completed.get(key ?? '') ?? new Map<string, number>();
    byContent.set(sha1Hex, (byContent.get(sha1Hex) ?? 0) + 1);
    completed.set(key ?? '', byContent);
  }

  /** Blocks whose ctx ran out a minute ago will never be merged; Qiniu collects them too (1.3). */
  function sweepExpired(): void {
    const cutoff = now() - 60_000;
    for (const block of blocks.all()) if (block.expiresAt < cutoff) void dropBlock(block);
  }

  async function dropBlock(block: Block): Promise<void> {
    blocks.remove(block);
    await Promise.all(block.chunks.map((path) => store.remove(path)));
  }

  const mkfile = createMkfile({ store, blocks, objects, now, dropBlock });

  const listening = await startEmulatorServer(
    {
      name: 'qiniu',
      log,
      faults,
      cors: (): CorsRule => ({ ...DEFAULT_CORS, exposeHeaders: ['X-Reqid', 'X-Log'] }),
      route,
      handle,
      notFound: (res) => sendQiniuError(res, { status: 404, error: 'no such api' }),
      internalError: (res, error) => sendQiniuError(res, { status: 599, error: error instanceof Error ? error.message : 'internal error' }),
    },
    options.port,
  );

  return {
    name: 'qiniu',
    url: listening.url,
    altUrl: `http://localhost:${listening.port}`,
    bucket: firstBucket,
    faults,
    log,
    object: (key): StoredObject | undefined => objects.get(`${firstBucket}/${key}`) ?? objects.get(key),
    readUrl: (key) => (objects.has(`${firstBucket}/${key}`) ? privateDownloadUrl(listening.url, key, credentials, now()) : undefined),
    // v1 has no upload ids: an open upload is a key whose token made blocks not merged yet.
    uploads: (): readonly OpenUpload[] => {
      const keys = new Set(blocks.all().map((block) => block.key ?? ''));
      const v2 = [...v2Uploads.values()].map((u) => ({ uploadId: u.uploadId, key: u.key ?? '', parts: [...u.parts.keys()].sort((a, b) => a - b) }));
      return [...[...keys].map((key) => ({ uploadId: key, key, parts: [] })), ...v2];
    },
    // A block is identified by its bytes: the same bytes completed twice for one key were sent twice.
    accepted: (): readonly PartAcceptCount[] =>
      [...objects.values()].flatMap((object) =>
        object.blockSha1s.map((sha1, i) => ({
          uploadId: object.key,
          key: object.key,
          partNumber: i + 1,
          count: completed.get(object.key)?.get(sha1) ?? 0,
        })),
      ),
    configure(next) {
      if (typeof next.clockOffsetMs === 'number') settings.clockOffsetMs = next.clockOffsetMs;
      if (typeof next.ctxTtlSeconds === 'number') settings.ctxTtlSeconds = next.ctxTtlSeconds;
      if (Array.isArray(next.unavailableHosts)) settings.unavailableHosts = next.unavailableHosts.map(String);
    },
    async reset() {
      faults.clear();
      log.clear();
      completed.clear();
      settings.clockOffsetMs = 0;
      settings.ctxTtlSeconds = CTX_TTL_SECONDS;
      settings.unavailableHosts = [];
      for (const block of blocks.all()) await dropBlock(block);
      blocks.clear();
      for (const upload of [...v2Uploads.values()]) await dropUpload(upload, { store, uploads: v2Uploads });
      for (const object of objects.values()) await store.remove(object.path);
      objects.clear();
    },
    async close() {
      await listening.close();
      await store.destroy();
    },
  };
}

function keyOf(key: string | undefined): { key?: string } {
  return key === undefined ? {} : { key };
}

