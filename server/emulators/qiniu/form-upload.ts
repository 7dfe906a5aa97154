import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import busboy from 'busboy';
import { qetagFromBlockSha1s } from '../../verify/qiniu.js';
import { BodyIncomplete, BodyTooLarge, drain, type DiskStore, type ReceivedBody } from '../shared/disk-store.js';
import type { EmulatorRequest } from '../shared/emulator-server.js';
import { authenticateUpToken, isQiniuError, keyInScope, type QiniuAuthContext } from './auth.js';
import { QINIU_ERRORS, sendQiniuError, type QiniuError } from './errors.js';
import type { QiniuObject } from './mkfile.js';
import { mimeAllowed } from './mkfile-path.js';
import { fileHasher } from './qetag-hasher.js';
import { answerStored } from './stored-answer.js';

/**
 * Form upload (protocols.md 1.8): `POST /` as multipart/form-data with `token`, optional `key`,
 * the `file`, optional `crc32` (decimal CRC-32 of the file; a mismatch is 406), `x:<name>`
 * custom variables and `x-qn-meta-*` metadata, in any order: the Node SDK sends `crc32` and
 * the variables after the file. The file streams to disk, hashed for the qetag on the way.
 */

export interface FormUploadDeps {
  readonly store: DiskStore;
  readonly objects: Map<string, QiniuObject>;
  readonly auth: Omit<QiniuAuthContext, 'req'>;
}

/** A single form upload holds one file; Qiniu's own limit for this path is 1 GB (upload-types.md). */
const MAX_FORM_FILE = 1024 ** 3;
const MAX_FIELD = 64 * 1024;

interface ParsedForm {
  readonly fields: Map<string, string>;
  readonly file?: { readonly body: ReceivedBody; readonly crc32: number; readonly blockSha1s: Buffer[]; readonly fname: string | undefined; readonly mimeType: string };
  readonly error?: QiniuError;
}

function parseForm(req: IncomingMessage, store: DiskStore, request: EmulatorRequest): Promise<ParsedForm> {
  return new Promise((resolve) => {
    const fields = new Map<string, string>();
    let file: Promise<ParsedForm['file'] | QiniuError> | undefined;
    let parser;
    try {
      parser = busboy({ headers: req.headers, limits: { files: 1, fieldSize: MAX_FIELD } });
    } catch {
      resolve({ fields, error: { status: 400, error: 'multipart/form-data body expected' } });
      return;
    }
    parser.on('field', (name, value) => fields.set(name, value));
    parser.on('file', (name, stream: Readable, info) => {
      if (name !== 'file' || file !== undefined) {
        stream.resume();
        return;
      }
      const hasher = fileHasher();
      file = store
        .receiveStream(stream, {
          entry: request.entry,
          corrupt: request.fault?.action === 'corrupt',
          maxBytes: MAX_FORM_FILE,
          sha1: false,
          onChunk: (chunk) => hasher.update(chunk),
        })
        .then((body) => ({ body, ...hasher.finish(), fname: info.filename, mimeType: info.mimeType }))
        .catch((error: unknown) => {
          if (error instanceof BodyTooLarge) return QINIU_ERRORS.tooLarge;
          if (error instanceof BodyIncomplete) return QINIU_ERRORS.incomplete;
          throw error;
        });
    });
    parser.on('error', () => resolve({ fields, error: { status: 400, error: 'malformed multipart/form-data body' } }));
    parser.on('close', () => {
      void (async () => {
        const received = await file;
        if (received !== undefined && 'status' in received) return resolve({ fields, error: received });
        resolve(received === undefined ? { fields } : { fields, file: received });
      })();
    });
    req.pipe(parser);
  });
}

export async function formUpload(request: EmulatorRequest, deps: FormUploadDeps): Promise<void> {
  const { req, res } = request;
  const fail = (error: QiniuError): void => sendQiniuError(res, error, 'up');
  if (!String(req.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/form-data')) {
    await drain(req, request.entry).catch(() => undefined);
    return fail({ status: 400, error: 'multipart/form-data body expected' });
  }
  const form = await parseForm(req, deps.store, request);
  // The key is in the body, so the log can scope this request to a key only now.
  request.entry.key ??= form.fields.get('key');
  const refuse = async (error: QiniuError): Promise<void> => {
    if (form.file !== undefined) await deps.store.remove(form.file.body.path);
    fail(error);
  };
  if (form.error !== undefined) return refuse(form.error);
  const caller = authenticateUpToken(form.fields.get('token'), { ...deps.auth, req });
  if (isQiniuError(caller)) return refuse(caller);
  const { file, fields } = form;
  if (file === undefined) return refuse({ status: 400, error: 'file is empty' });
  const crcText = fields.get('crc32');
  request.entry.digest = crcText === undefined ? 'absent' : Number(crcText) === file.crc32 ? 'valid' : 'invalid';
  if (crcText !== undefined && !/^\d{1,10}$/.test(crcText)) return refuse({ status: 400, error: 'invalid crc32' });
  // codes.md: 406 is the CRC32 check of uploaded data failing.
  if (crcText !== undefined && Number(crcText) !== file.crc32) return refuse({ status: 406, error: 'crc32 not match' });
  const { policy } = caller;
  const requested = fields.get('key');
  if (requested !== undefined && !keyInScope(caller, requested)) return refuse(QINIU_ERRORS.scopeMismatch);
  if (policy.fsizeLimit !== undefined && file.body.size > policy.fsizeLimit) return refuse(QINIU_ERRORS.tooLarge);
  if (policy.fsizeMin !== undefined && file.body.size < policy.fsizeMin) return refuse({ status: 403, error: 'file is smaller than the fsizeMin of the upload policy' });
  const mimeType = file.mimeType || 'application/octet-stream';
  if (policy.mimeLimit !== undefined && !mimeAllowed(policy.mimeLimit, mimeType)) {
    return refuse({ status: 403, error: `limited mimeType: this file type (${mimeType}) is forbidden to upload` });
  }
  const hash = qetagFromBlockSha1s(file.blockSha1s);
  // As mkfile: no key field → the scope's key, else the content hash.
  const key = requested ?? (policy.isPrefixalScope === 1 ? undefined : caller.scopeKey) ?? hash;
  const id = `${caller.bucket}/${key}`;
  const insertOnly = caller.scopeKey === undefined || (policy.insertOnly ?? 0) !== 0;
  const existing = deps.objects.get(id);
  if (existing !== undefined && insertOnly) return refuse(QINIU_ERRORS.exists);
  if (existing !== undefined) await deps.store.remove(existing.path);
  const vars = Object.fromEntries([...fields].filter(([name]) => /^x:[A-Za-z0-9_.-]+$/.test(name)));
  const meta = Object.fromEntries([...fields].filter(([name]) => /^x-qn-meta-[A-Za-z0-9_.-]+$/i.test(name)).map(([n, v]) => [n.toLowerCase(), v]));
  deps.objects.set(id, {
    bucket: caller.bucket,
    key,
    size: file.body.size,
    md5: file.body.md5.toString('hex'),
    etag: hash,
    contentType: mimeType,
    path: file.body.path,
    blockSha1s: file.blockSha1s.map((sha1) => sha1.toString('hex')),
    fname: file.fname,
    vars,
    meta,
  });
  await answerStored(res, 'up', policy, { key, hash, fsize: file.body.size, fname: file.fname, mimeType, bucket: caller.bucket, vars });
}
