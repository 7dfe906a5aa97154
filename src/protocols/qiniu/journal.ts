import type { JsonObject, JsonValue } from '../../contracts/json.js';
import type { PartRecord } from '../../contracts/protocol.js';

/**
 * What the journal keeps of Qiniu blocks (protocols.md 6): for a finished block its last ctx,
 * `expired_at`, host and SHA-1 (in the PartRecord), for a half-sent one its latest ctx, in-block
 * offset, `expired_at`, host and chunk size (the checkpoint). No token is ever part of either.
 */

/** A ctx with less than this left is not used again (qiniu-js 4.0 `isExpiredData`, 1.3). */
export const CTX_MARGIN_MS = 2 * 60 * 1000;

export interface BlockCheckpoint {
  readonly ctx: string;
  /** Bytes of the block the server holds: where the next chunk starts. */
  readonly offset: number;
  /** Unix seconds; null when the server gave none. */
  readonly expiredAt: number | null;
  /** The origin every request of this block goes to. */
  readonly host: string;
  readonly chunkSize: number;
}

export interface BlockRecordExtra {
  readonly ctx: string;
  readonly expiredAt: number | null;
  readonly host: string;
  /** Hex SHA-1 of the block, for the qetag; absent when integrity checks are off. */
  readonly sha1?: string;
}

/** Whether a ctx may still be used: known expiry, more than the margin away. */
export function ctxUsable(expiredAt: number | null, nowMs: number): boolean {
  return expiredAt !== null && expiredAt * 1000 - nowMs > CTX_MARGIN_MS;
}

export function checkpointJson(checkpoint: BlockCheckpoint): JsonObject {
  return { ...checkpoint };
}

/** A journaled checkpoint, if it is well formed, fits this block and its ctx is still usable. */
export function readCheckpoint(value: JsonValue | undefined, blockSize: number, nowMs: number): BlockCheckpoint | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const { ctx, offset, expiredAt, host, chunkSize } = value as Record<string, JsonValue>;
  if (typeof ctx !== 'string' || ctx === '' || typeof host !== 'string') return undefined;
  if (typeof offset !== 'number' || !Number.isInteger(offset) || offset <= 0 || offset >= blockSize) return undefined;
  if (typeof chunkSize !== 'number' || !Number.isInteger(chunkSize) || chunkSize <= 0) return undefined;
  const expiry = typeof expiredAt === 'number' ? expiredAt : null;
  if (!ctxUsable(expiry, nowMs)) return undefined;
  return { ctx, offset, expiredAt: expiry, host, chunkSize };
}

export function recordExtra(record: PartRecord): BlockRecordExtra | undefined {
  const extra = record.extra;
  if (extra === undefined) return undefined;
  const { ctx, expiredAt, host, sha1 } = extra;
  if (typeof ctx !== 'string' || ctx === '' || typeof host !== 'string') return undefined;
  return {
    ctx,
    host,
    expiredAt: typeof expiredAt === 'number' ? expiredAt : null,
    ...(typeof sha1 === 'string' && /^[0-9a-f]{40}$/.test(sha1) ? { sha1 } : {}),
  };
}

export function recordJson(extra: BlockRecordExtra): JsonObject {
  return { ...extra };
}

/** Protocol.isRecordUsable: a finished block whose ctx mkfile will still accept. */
export function isBlockRecordUsable(record: PartRecord, nowMs: number): boolean {
  const extra = recordExtra(record);
  return extra !== undefined && ctxUsable(extra.expiredAt, nowMs);
}
