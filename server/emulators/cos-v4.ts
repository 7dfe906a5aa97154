import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Transform } from 'node:stream';
import { authenticateCos } from './cos-v4/auth.js';
import { badParam, COS_ERRORS, sendCos, sendCosData, sendCosError, type CosError } from './cos-v4/errors.js';
import { FormError, readCosForm, type CosForm, type FileDecision } from './cos-v4/form.js';
import { acceptSlice, admitSlice, dropAll, finish, init, list, sessionFor, type CosState, type CosTarget, type OpAnswer } from './cos-v4/ops.js';
import type { SliceUpload } from './cos-v4/state.js';
import { applyCors, DEFAULT_CORS, type CorsRule } from './shared/cors.js';
import { DiskStore, drain } from './shared/disk-store.js';
import type { Emulator, OpenUpload } from './shared/emulator.js';
import { FaultSet, type FaultRule } from './shared/faults.js';
import { listen } from './shared/listen.js';
import { RequestLog, type LoggedRequest } from './shared/request-log.js';

/**
 * Tencent COS v4 slice upload as protocols.md 4 describes it: every operation a multipart/form-data
 * POST to `/files/v2/<appid>/<bucket>/<path>` with an `op` field, the multi-effect signature in
 * `Authorization` or `?sign=`, the `{code, message, data}` envelope, server-chosen slice size,
 * `serial_upload`, `-4019` resume, per-slice and whole-file SHA-1 checks.
 *
 * Directories: the real service needs the target directory to exist; here every directory of a
 * known bucket exists (as if created beforehand), so keys may contain any path.
 */
export interface CosV4EmulatorOptions {
  readonly port?: number;
  readonly appid?: string;
  readonly buckets?: readonly string[];
  /** SecretId → SecretKey. */
  readonly credentials?: Readonly<Record<string, string>>;
}

export const COS_V4_DEFAULTS = {
  appid: '1250000000',
  bucket: 'test-bucket',
  secretId: 'AKIDcosv4testsecretid',
  secretKey: 'cos-v4-test-secret-key',
} as const;

export const COS_V4_OPS = ['upload_slice_init', 'upload_slice_list', 'upload_slice_data', 'upload_slice_finish'] as const;

/** Nothing needs exposing (4.5); form POSTs with `?sign=` are simple requests, others preflight. */
const CORS: CorsRule = { ...DEFAULT_CORS, allowMethods: ['GET', 'POST', 'HEAD'], exposeHeaders: [] };

export interface CosV4Emulator extends Emulator {
  readonly appid: string;
  readonly bucket: string;
  /** The most slices of a session received at once (kept after the upload finishes). */
  maxInFlight(session: string): number;
}

export async function createCosV4Emulator(options: CosV4EmulatorOptions = {}): Promise<CosV4Emulator> {
  const appid = options.appid ?? COS_V4_DEFAULTS.appid;
  const buckets = new Set(options.buckets ?? [COS_V4_DEFAULTS.bucket]);
  const credentials = new Map(Object.entries(options.credentials ?? { [COS_V4_DEFAULTS.secretId]: COS_V4_DEFAULTS.secretKey }));
  const store = await DiskStore.create('cos-v4');
  const log = new RequestLog();
  const faults = new FaultSet();
  const state: CosState = {
    dir: store.dir,
    uploads: new Map(),
    sessions: new Map(),
    objects: new Map(),
    accepts: new Map(),
    settings: { sliceSize: undefined, serialUpload: false, clockOffsetMs: 0 },
  };
  const concurrency = new Map<string, number>();

  const targetOf = (url: URL): CosTarget | undefined => {
    const match = /^\/files\/v2\/([^/]+)\/([^/]+)\/(.+)$/.exec(url.pathname);
    if (match === null) return undefined;
    const [, a = '', bucket = '', path = ''] = match;
    let key: string;
    try {
      key = path.split('/').map(decodeURIComponent).join('/');
    } catch {
      return undefined;
    }
    return { appid: a, bucket, path, key, fileId: `/${a}/${bucket}/${path}`, origin: url.origin };
  };

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`);
    if (applyCors(req, res, CORS)) return;
    if (req.method === 'GET' || req.method === 'HEAD') return download(url, req, res);
    const target = req.method === 'POST' ? targetOf(url) : undefined;
    if (target === undefined || target.key.endsWith('/') || target.key.split('/').some((s) => s === '' || s === '.' || s === '..')) {
      await drain(req).catch(() => undefined);
      return sendCosError(res, { status: 404, code: -1, message: 'unknown path: POST /files/v2/<appid>/<bucket>/<file path>' });
    }
    await handlePost(req, res, url, target);
  }

  async function handlePost(req: IncomingMessage, res: ServerResponse, url: URL, target: CosTarget): Promise<void> {
    let entry: LoggedRequest | undefined;
    let rule: FaultRule | undefined;
    let early: CosError | undefined;
    let holding: SliceUpload | undefined;
    let authenticated = false;
    let seen = 0;
    const decide = (op: string): void => {
      if (entry !== undefined) return;
      rule = faults.take(op, target.key)?.rule;
      entry = log.start({ op, method: 'POST', path: url.pathname, key: target.key, fault: rule?.action, host: req.headers.host ?? '' });
      entry.bytesIn = seen;
      const logged = entry;
      res.on('finish', () => {
        logged.status = res.statusCode;
      });
    };
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        seen += chunk.length;
        if (entry !== undefined) entry.bytesIn += chunk.length;
        const cut = rule?.action === 'reset' || rule?.action === 'stall';
        if (cut && seen >= (rule?.afterBytes ?? 64 * 1024)) {
          // Note: a stall never calls back, so the body stops moving; a reset drops the socket.
          if (rule?.action === 'reset') req.socket.destroy();
          return;
        }
        callback(null, chunk);
      },
    });
    const auth = (forceExpired: boolean): CosError | undefined => {
      if (!buckets.has(target.bucket) || target.appid !== appid) return COS_ERRORS.noBucket;
      return authenticateCos({
        req,
        url,
        appid,
        bucket: target.bucket,
        fileId: target.fileId,
        credentials,
        nowSeconds: Math.floor((Date.now() + state.settings.clockOffsetMs) / 1000),
        forceExpired,
      });
    };
    const beforeFile = async (fields: ReadonlyMap<string, string>): Promise<FileDecision> => {
      const op = fields.get('op');
      if (op === undefined) {
        early = badParam('op must come before filecontent');
        return { store: false };
      }
      decide(op);
      if (rule?.action === 'delay') await new Promise((resolve) => setTimeout(resolve, rule?.delayMs ?? 1000));
      if (op !== 'upload_slice_data') early = badParam(`${op} takes no filecontent`);
      // The signature is checked when the request begins, not after its body has streamed in.
      early ??= auth(rule?.action === 'expire');
      authenticated = early === undefined;
      const upload = sessionFor(state, target, fields);
      if (early === undefined && upload === undefined) early = COS_ERRORS.noSession;
      if (early === undefined && upload !== undefined) early = admitSlice(upload, fields);
      if (early !== undefined || rule?.action === 'status' || upload === undefined) return { store: false };
      holding = upload;
      upload.inFlight += 1;
      upload.maxInFlight = Math.max(upload.maxInFlight, upload.inFlight);
      concurrency.set(upload.session, upload.maxInFlight);
      const expected = Math.min(upload.sliceSize, upload.filesize - Number(fields.get('offset')));
      return { store: true, corrupt: rule?.action === 'corrupt', maxBytes: expected };
    };

    let held = false;
    try {
      held = await handleForm();
    } finally {
      // The server is done with this request. No answer sent means the client had left (499);
      // a stalled request is done only when its connection closes.
      const settle = (): void => {
        if (entry !== undefined && entry.status === 0) entry.status = res.writableEnded ? res.statusCode : 499;
      };
      if (held) res.once('close', settle);
      else settle();
    }

    /** Reads and answers the form; true when a fault holds the request open. */
    async function handleForm(): Promise<boolean> {
    let form: CosForm;
    try {
      form = await readCosForm(req, { dir: store.dir, meter, beforeFile });
    } catch (error) {
      if (holding !== undefined) holding.inFlight -= 1;
      decide('unknown');
      if (rule?.action === 'stall') return true;
      if (res.destroyed || req.socket.destroyed) return false;
      sendCosError(res, badParam(error instanceof FormError ? error.message : 'the form could not be read'));
      return false;
    }
    try {
      const op = form.fields.get('op') ?? '';
      decide(op);
      const answer = await answerFor(op, form, rule, early, auth);
      if (answer === 'held') return rule?.action === 'stall';
      if (form.file !== undefined && !('data' in answer && op === 'upload_slice_data')) await store.remove(form.file.path);
      respond(res, answer, rule);
      return false;
    } finally {
      if (holding !== undefined) holding.inFlight -= 1;
    }
    }

    async function answerFor(op: string, body: CosForm, hit: FaultRule | undefined, refused: CosError | undefined, check: typeof auth): Promise<OpAnswer | FaultRule | 'held'> {
      if (hit?.action === 'reset') {
        req.socket.destroy();
        return 'held';
      }
      if (hit?.action === 'stall') return 'held';
      if (hit?.action === 'delay' && op !== 'upload_slice_data') await new Promise((resolve) => setTimeout(resolve, hit.delayMs ?? 1000));
      if (hit?.action === 'status') return hit;
      if (refused !== undefined) return refused;
      if (!(COS_V4_OPS as readonly string[]).includes(op)) return badParam(`unknown op ${op || '(none)'}`);
      const denied = authenticated ? undefined : check(hit?.action === 'expire');
      if (denied !== undefined) return denied;
      switch (op) {
        case 'upload_slice_init':
          return init(state, target, body.fields);
        case 'upload_slice_list':
          return list(state, target);
        case 'upload_slice_finish':
          return finish(state, target, body.fields);
        default: {
          const upload = sessionFor(state, target, body.fields);
          if (body.file === undefined || upload === undefined) return upload === undefined ? COS_ERRORS.noSession : badParam('filecontent is required');
          return acceptSlice(state, upload, body.fields, body.file);
        }
      }
    }
  }

  function respond(res: ServerResponse, answer: OpAnswer | FaultRule, rule: FaultRule | undefined): void {
    if ('action' in answer) {
      res.writeHead(answer.status ?? 500, { 'Content-Type': 'text/plain', ...answer.headers });
      res.end(answer.body ?? '');
      return;
    }
    if (rule?.action === 'malformed') {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"code":0,"message":"SUCC');
      return;
    }
    if (rule?.action === 'error-in-200') return sendCos(res, 200, { code: COS_ERRORS.backend.code, message: COS_ERRORS.backend.message, data: {} });
    if ('data' in answer) return sendCosData(res, answer.data);
    sendCosError(res, answer);
  }

  function download(url: URL, req: IncomingMessage, res: ServerResponse): void {
    const [, a = '', bucket = '', ...rest] = url.pathname.split('/');
    const object = [...state.objects.values()].find((o) => a === appid && o.bucket === bucket && o.path === rest.join('/'));
    if (object === undefined) return sendCosError(res, COS_ERRORS.noFile);
    res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': String(object.size) });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(object.file).pipe(res);
  }

  const listening = await listen((req, res) => {
    serve(req, res).catch((error: unknown) => {
      if (!res.headersSent && !res.destroyed) sendCosError(res, { ...COS_ERRORS.backend, message: error instanceof Error ? error.message : 'internal error' });
      else res.destroy();
    });
  }, options.port ?? 0);

  const firstBucket = [...buckets][0] ?? COS_V4_DEFAULTS.bucket;
  return {
    name: 'cos-v4',
    url: listening.url,
    appid,
    bucket: firstBucket,
    faults,
    log,
    object: (key) => {
      const found = state.objects.get(`${firstBucket}/${key}`);
      if (found === undefined) return undefined;
      return { bucket: found.bucket, key: found.key, size: found.size, md5: found.md5, etag: found.sha1, contentType: 'application/octet-stream', path: found.file };
    },
    // The access_url COS answers for a finished file (ops.ts objectUrls), served by download().
    readUrl: (key) => {
      const found = state.objects.get(`${firstBucket}/${key}`);
      return found && `${listening.url}/${appid}/${found.bucket}/${found.path}`;
    },
    uploads: (): readonly OpenUpload[] =>
      [...state.uploads.values()].map((u) => ({ uploadId: u.session, key: u.key, parts: [...u.slices.keys()].sort((x, y) => x - y).map((o) => o / u.sliceSize) })),
    accepted: () => [...state.accepts.values()],
    maxInFlight: (session) => concurrency.get(session) ?? 0,
    configure(next) {
      if (next.sliceSize === null || typeof next.sliceSize === 'number') state.settings.sliceSize = next.sliceSize ?? undefined;
      if (typeof next.serialUpload === 'boolean') state.settings.serialUpload = next.serialUpload;
      if (typeof next.clockOffsetMs === 'number') state.settings.clockOffsetMs = next.clockOffsetMs;
    },
    async reset() {
      faults.clear();
      log.clear();
      concurrency.clear();
      state.settings.sliceSize = undefined;
      state.settings.serialUpload = false;
      state.settings.clockOffsetMs = 0;
      await dropAll(state);
    },
    async close() {
      await listening.close();
      await store.destroy();
    },
  };
}
