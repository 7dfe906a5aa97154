import type { Hash } from 'node:crypto';
import { qetagFromBlockSha1s } from '../../verify/qiniu.js';
import { drain, readSmallBody, type DiskStore } from '../shared/disk-store.js';
import type { EmulatorRequest } from '../shared/emulator-server.js';
import type { StoredObject } from '../shared/emulator.js';
import { keyInScope, type QiniuCaller } from './auth.js';
import { BLOCK_SIZE, type Block, type BlockTable } from './blocks.js';
import { QINIU_ERRORS, type QiniuError } from './errors.js';
import { mimeAllowed, parseMkfilePath, type MkfilePath } from './mkfile-path.js';
import { answerStored } from './stored-answer.js';

export interface QiniuObject extends StoredObject {
  /** Hex SHA-1 of each block, in file order: what the qetag is made of. */
  readonly blockSha1s: readonly string[];
  readonly fname: string | undefined;
  readonly vars: Readonly<Record<string, string>>;
  readonly meta: Readonly<Record<string, string>>;
}

export interface MkfileDeps {
  readonly store: DiskStore;
  readonly blocks: BlockTable;
  readonly objects: Map<string, QiniuObject>;
  now(): number;
  dropBlock(block: Block): Promise<void>;
}

const MAX_BODY = 64 * 1024 * 1024;

/**
 * mkfile (protocols.md 1.3): the last ctx of every block in file order. Refuses a ctx that is not
 * a complete block's latest (701, naming the block as Qiniu does), blocks that do not add up to
 * the file size or a short block before the last (400), and applies the put policy.
 */
export function createMkfile(deps: MkfileDeps): { handle(request: EmulatorRequest, caller: QiniuCaller, fail: (e: QiniuError) => void): Promise<void> } {
  const { store, blocks, objects } = deps;

  function pickBlocks(ctxs: readonly string[], caller: QiniuCaller, path: MkfilePath): Block[] | QiniuError {
    const chosen: Block[] = [];
    const seen = new Set<Block>();
    for (const [i, ctx] of ctxs.entries()) {
      const block = blocks.find(ctx);
      if (block === undefined || block.accessKey !== caller.accessKey) return { status: 701, error: `block ${i}: invalid context` };
      if (block.expiresAt < deps.now()) return { status: 701, error: `block ${i}: context expired` };
      if (block.received !== block.size) return { status: 701, error: `block ${i}: block is incomplete (${block.received} of ${block.size} bytes)` };
      if (seen.has(block)) return { status: 400, error: `block ${i}: the same block is listed twice` };
      seen.add(block);
      chosen.push(block);
    }
    for (const [i, block] of chosen.entries()) {
      if (i < chosen.length - 1 && block.size !== BLOCK_SIZE) {
        return { status: 400, error: `block ${i}: only the last block may be shorter than ${BLOCK_SIZE} bytes; are the ctx values out of order?` };
      }
    }
    const total = chosen.reduce((sum, block) => sum + block.size, 0);
    if (total !== path.fileSize) return { status: 400, error: `file size ${path.fileSize} does not match the ${total} bytes of the listed blocks` };
    return chosen;
  }

  async function handle(request: EmulatorRequest, caller: QiniuCaller, fail: (e: QiniuError) => void): Promise<void> {
    const { req, res, url, entry } = request;
    const path = parseMkfilePath(url.pathname);
    const type = String(req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (path === undefined || !['text/plain', 'application/octet-stream'].includes(type)) {
      await drain(req, entry).catch(() => undefined);
      return fail(path === undefined ? QINIU_ERRORS.badPath : { status: 400, error: 'Content-Type must be text/plain' });
    }
    const text = (await readSmallBody(req, MAX_BODY, entry)).toString('utf8').trim();
    const { policy } = caller;
    if (path.key !== undefined && !keyInScope(caller, path.key)) return fail(QINIU_ERRORS.scopeMismatch);
    if (policy.fsizeLimit !== undefined && path.fileSize > policy.fsizeLimit) return fail(QINIU_ERRORS.tooLarge);
    if (policy.fsizeMin !== undefined && path.fileSize < policy.fsizeMin) return fail({ status: 403, error: 'file is smaller than the fsizeMin of the upload policy' });
    const mimeType = path.mimeType ?? 'application/octet-stream';
    if (policy.mimeLimit !== undefined && !mimeAllowed(policy.mimeLimit, mimeType)) {
      return fail({ status: 403, error: `limited mimeType: this file type (${mimeType}) is forbidden to upload` });
    }
    const chosen = pickBlocks(text === '' ? [] : text.split(','), caller, path);
    if (!Array.isArray(chosen)) return fail(chosen);

    const sha1s = chosen.map((block) => (block.sha1 as Hash).copy().digest());
    const hash = qetagFromBlockSha1s(sha1s);
    // protocols.md 1.3: no key in the path → the scope's key, else the content hash.
    const key = path.key ?? (policy.isPrefixalScope === 1 ? undefined : caller.scopeKey) ?? hash;
    const id = `${caller.bucket}/${key}`;
    // A bucket-only scope, and insertOnly, never overwrite (protocols.md 1.2).
    const insertOnly = caller.scopeKey === undefined || (policy.insertOnly ?? 0) !== 0;
    const existing = objects.get(id);
    if (existing !== undefined && insertOnly) return fail(QINIU_ERRORS.exists);

    const joined = await store.concat(chosen.flatMap((block) => block.chunks));
    if (existing !== undefined) await store.remove(existing.path);
    objects.set(id, {
      bucket: caller.bucket,
      key,
      size: joined.size,
      md5: joined.md5.toString('hex'),
      etag: hash,
      contentType: mimeType,
      path: joined.path,
      blockSha1s: sha1s.map((sha1) => sha1.toString('hex')),
      fname: path.fname,
      vars: path.vars,
      meta: path.meta,
    });
    await Promise.all(chosen.map((block) => deps.dropBlock(block)));

    await answerStored(res, 'mkfile', policy, { key, hash, fsize: joined.size, fname: path.fname, mimeType, bucket: caller.bucket, vars: path.vars });
  }

  return { handle };
}
