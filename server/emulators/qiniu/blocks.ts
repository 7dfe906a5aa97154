import { randomBytes, type Hash } from 'node:crypto';

/** The largest block, and the size of every block but a file's last (protocols.md 1.3). */
export const BLOCK_SIZE = 4 * 1024 * 1024;

/** One block being built by mkblk and bput, or complete and waiting for mkfile. */
export interface Block {
  readonly id: number;
  readonly size: number;
  /** `host:port` the block was created on; its bput requests must come there too. */
  readonly host: string;
  readonly accessKey: string;
  /** The key of the token that created it (scope), for counting and listing. */
  readonly key: string | undefined;
  received: number;
  readonly chunks: string[];
  /** Running SHA-1 of the bytes received so far (a copy is taken for each chunk in flight). */
  sha1: Hash;
  /** The only ctx that may continue the block or go into mkfile. */
  ctx: string;
  /** Unix milliseconds after which the ctx is refused. */
  expiresAt: number;
}

/**
 * ctx bookkeeping: each ctx is opaque, single-use and expiring. A bput or mkfile naming any ctx
 * but the block's latest gets 701 (protocols.md 1.3 "valid only for the next chunk right after it").
 */
export class BlockTable {
  #byCtx = new Map<string, Block>();
  #nextId = 1;

  create(init: Omit<Block, 'id' | 'received' | 'chunks' | 'ctx'>): Block {
    const block: Block = { ...init, id: this.#nextId++, received: 0, chunks: [], ctx: '' };
    return block;
  }

  /** Records a chunk as accepted and gives the block a new ctx; the previous one dies. */
  advance(block: Block, chunkPath: string, chunkSize: number, sha1: Hash, expiresAt: number): string {
    if (block.ctx !== '') this.#byCtx.delete(block.ctx);
    block.chunks.push(chunkPath);
    block.received += chunkSize;
    block.sha1 = sha1;
    block.expiresAt = expiresAt;
    block.ctx = randomBytes(30).toString('base64url');
    this.#byCtx.set(block.ctx, block);
    return block.ctx;
  }

  find(ctx: string): Block | undefined {
    return this.#byCtx.get(ctx);
  }

  /** mkfile consumed it, or it was dropped: its ctx is gone for good. */
  remove(block: Block): void {
    this.#byCtx.delete(block.ctx);
    block.ctx = '-';
  }

  all(): readonly Block[] {
    return [...this.#byCtx.values()];
  }

  clear(): void {
    this.#byCtx.clear();
  }
}
