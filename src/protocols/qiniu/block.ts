import { retryAfterOf } from '../../transport/classify.js';
import { UploadError } from '../../transport/upload-error.js';
import type { Io, PartRecord, PlannedPart, Session } from '../../contracts/protocol.js';
import { noUploadHost, type UploadHosts } from './hosts.js';
import { checkpointJson, readCheckpoint, recordJson, type BlockCheckpoint } from './journal.js';
import { isExpiredToken, parseChunkAnswer, qiniuError, errorText } from './wire.js';
import { serverNow } from '../../transport/server-clock.js';

/** Where one block stands: the ctx to continue from (null: start with mkblk) and its host. */
interface BlockProgress {
  readonly ctx: string | null;
  readonly offset: number;
  readonly expiredAt: number | null;
  readonly host: string;
  readonly chunkSize: number;
  /** CRC-32 of each chunk and the block's SHA-1, read in one pass of the hash worker. */
  readonly digests?: { readonly crc32s: readonly number[]; readonly sha1Hex: string };
}

export interface BlockDeps {
  readonly hosts: UploadHosts;
  /** In-block progress by upload and block, kept across the engine's retries of a block. */
  readonly live: Map<string, BlockProgress>;
  readonly chunkSize: number;
  token(): Promise<string>;
  dropToken(token: string): Promise<void>;
}

/** 701s in a row on one block before giving the engine the error (it retries a few times). */
const MAX_REDOS = 3;
const MAX_LIVE = 512;

/**
 * Sends one 4 MiB block (protocols.md 1.3): mkblk with the first chunk, then bput with the
 * previous ctx and the in-block offset, strictly in order, all to one host. Every answer's CRC-32
 * is checked against the chunk's. A retry by the engine continues from the last ctx; a 701 starts
 * the block again from mkblk; after a reload, the journaled checkpoint is continued.
 */
export async function sendBlock(session: Session, part: PlannedPart, body: Blob, io: Io, deps: BlockDeps): Promise<PartRecord> {
  const { hosts, live } = deps;
  const id = `${session.uploadId}#${part.index}`;
  const size = part.end - part.start;
  const fresh = (host: string, chunkSize = deps.chunkSize): BlockProgress => ({ ctx: null, offset: 0, expiredAt: null, host, chunkSize });

  let progress = live.get(id) ?? resumed(part, size, hosts);
  const best = hosts.pick(progress?.host);
  if (best === undefined) throw noUploadHost();
  // Every request of a block goes to one host; a block whose host is failing starts over elsewhere.
  if (progress === undefined || best !== progress.host) {
    progress = withDigests(fresh(best), progress?.chunkSize === deps.chunkSize ? progress.digests : undefined);
  }
  const save = (next: BlockProgress): void => {
    progress = next;
    live.delete(id);
    live.set(id, next);
    while (live.size > MAX_LIVE) {
      const oldest = live.keys().next().value;
      if (oldest === undefined) break;
      live.delete(oldest);
    }
  };
  save(progress);

  if (io.integrity && progress.digests === undefined) {
    const digests = await io.hasher.range(part.start, part.end, ['sha1'], io.signal, { crc32Every: progress.chunkSize });
    if (digests.sha1Hex === undefined || digests.crc32s === undefined) throw new UploadError('the hash worker gave no block digests', { kind: 'client', code: 'hash-worker' });
    save({ ...progress, digests: { crc32s: digests.crc32s, sha1Hex: digests.sha1Hex } });
  }

  let redos = 0;
  while (progress.offset < size) {
    const { host, chunkSize, offset } = progress;
    const index = Math.floor(offset / chunkSize);
    const end = Math.min(size, (index + 1) * chunkSize);
    const url = progress.ctx === null ? `${host}/mkblk/${size}` : `${host}/bput/${progress.ctx}/${offset}`;
    const what = progress.ctx === null ? `mkblk of block ${part.number}` : `bput at ${offset} of block ${part.number}`;
    const token = await deps.token();
    let response;
    try {
      response = await io.transport.request({
        method: 'POST',
        url,
        headers: { Authorization: `UpToken ${token}`, 'Content-Type': 'application/octet-stream' },
        body: body.slice(offset, end),
        signal: io.signal,
        timeoutMs: io.timeouts.requestMs,
        stallMs: io.timeouts.stallMs,
        ...(io.onProgress === undefined ? {} : { onUploadProgress: (sent: number) => io.onProgress?.(offset + sent) }),
      });
    } catch (error) {
      if (error instanceof UploadError && (error.kind === 'network' || error.kind === 'timeout')) hosts.failed(host);
      throw error;
    }

    if (response.status === 200) {
      const answer = parseChunkAnswer(response.body);
      if (answer === undefined) {
        throw new UploadError(`${what} was answered without a usable ctx; sending the chunk again`, { kind: 'protocol', code: 'bad-answer', method: 'POST', url });
      }
      hosts.succeeded(host);
      if (answer.offset !== end) {
        // The server's view of the block differs from ours: only a fresh block is certain.
        save(withDigests(fresh(host, chunkSize), progress.digests));
        io.checkpoint?.(null);
        throw new UploadError(`${what} was answered with offset ${answer.offset} instead of ${end}; sending the block again`, {
          kind: 'integrity',
          code: 'offset-mismatch',
          method: 'POST',
          url,
        });
      }
      const expected = progress.digests?.crc32s[index];
      if (expected !== undefined && answer.crc32 >>> 0 !== expected) {
        // Keep the previous ctx: the retry sends this chunk again (1.3; a strict host answers
        // 701 to a reused ctx, and then the block starts over).
        throw new UploadError(`${what} arrived changed (CRC-32 ${answer.crc32 >>> 0}, sent ${expected}); sending the chunk again`, {
          kind: 'integrity',
          code: 'crc32-mismatch',
          method: 'POST',
          url,
        });
      }
      save({ ...progress, ctx: answer.ctx, offset: end, expiredAt: answer.expiredAt });
      const checkpoint: BlockCheckpoint = { ctx: answer.ctx, offset: end, expiredAt: answer.expiredAt, host, chunkSize };
      if (end < size) io.checkpoint?.(checkpointJson(checkpoint));
      // An answer may suggest another host (1.1): used for later blocks only if allowlisted.
      const suggested = answer.host === undefined ? undefined : hosts.allowed(answer.host);
      if (suggested !== undefined && suggested !== host) hosts.prefer(suggested);
      redos = 0;
      continue;
    }

    const text = errorText(response.body);
    if (response.status === 701 && redos < MAX_REDOS) {
      redos += 1;
      save(withDigests(fresh(host, chunkSize), progress.digests));
      io.checkpoint?.(null);
      continue;
    }
    if (isExpiredToken(response.status, text)) await deps.dropToken(token);
    if (response.status >= 500) hosts.failed(host);
    throw qiniuError(what, response.status, response.body, url, retryAfterOf(response));
  }

  const done = progress;
  live.delete(id);
  io.onProgress?.(size);
  if (done.ctx === null) throw new Error('chunk-uploader: block finished without a ctx (adapter bug)');
  return {
    number: part.number,
    size,
    extra: recordJson({
      ctx: done.ctx,
      expiredAt: done.expiredAt,
      host: done.host,
      ...(done.digests === undefined ? {} : { sha1: done.digests.sha1Hex }),
    }),
  };
}

function withDigests(progress: BlockProgress, digests: BlockProgress['digests']): BlockProgress {
  return digests === undefined ? progress : { ...progress, digests };
}

/** Progress journaled before a reload, when its ctx is still usable and its host still allowed. */
function resumed(part: PlannedPart, size: number, hosts: UploadHosts): BlockProgress | undefined {
  const checkpoint = readCheckpoint(part.checkpoint, size, serverNow());
  if (checkpoint === undefined) return undefined;
  const host = hosts.allowed(checkpoint.host);
  if (host === undefined || host !== checkpoint.host) return undefined;
  return checkpoint;
}
