import type { Io, PartGrant, PlannedPart, Protocol, Session } from '../contracts/protocol.js';
import { UploadError } from '../transport/upload-error.js';
import { attempt, type AttemptContext } from './attempt.js';
import { PRIORITY } from './scheduler.js';

/** The most parts one `parts` call asks for: what the JSON API promises a signer takes. */
export const MAX_PARTS_PER_CALL = 100;

/** Parts one call asks for at `width` lanes: twice the lanes, so a batch asked for while `width` URLs are left arrives in time. */
export const batchSize = (width: number): number => Math.min(MAX_PARTS_PER_CALL, Math.max(width * 2, 8));

/** What signing ahead needs from the run that sends the parts. */
export interface SigningRun {
  readonly protocol: Protocol;
  readonly session: Session;
  /** The run's part indices, in the order the lanes take them. */
  readonly pending: readonly number[];
  /** Parts in flight at most. */
  readonly width: number;
  /** A part as the batch signs it: with its digests when integrity is on. */
  part(index: number): Promise<PlannedPart>;
  /** The server acknowledged this part already (it needs no URL). */
  sent(index: number): boolean;
  /** Shared by the engine: set once the backend said it has no `parts`. */
  readonly lacking: { parts: boolean };
  /** Grants that came with the session (`initiate`), signed just now. */
  readonly first?: readonly PartGrant[];
  attemptContext(): AttemptContext;
  io(): Io;
}

/** The grants of one run, as `sendParts` uses them. */
export interface SignedAhead {
  /** The grant for the part at `position` of the run; undefined: the adapter signs it alone. */
  grantFor(position: number): Promise<PartGrant | undefined>;
  /** The part went up: its grant is spent. */
  spent(index: number): void;
  /**
   * The service called a grant expired: every grant held is dropped, since batches signed about
   * the same time share its lifetime; the next lane asks for a new batch.
   */
  expired(): void;
}

/**
 * Part URLs of one run, signed many at a time (`parts`) and ahead of the lanes: when fewer than
 * `width` signed parts are left ahead of the one a lane takes, the next batch is asked for in
 * the background, so no lane waits on a signer round trip. Batches are contiguous runs of
 * pending parts, so N parts take ceil(N / batch) calls, one batch at a time. Grants live in
 * memory only, with their expiry (the page clock, moved by the server's offset): a stale one is
 * signed again.
 */
export function signAhead(run: SigningRun, now: () => number = Date.now): SignedAhead {
  const { pending, width, sent } = run;
  const size = batchSize(width);
  const held = new Map<number, { readonly grant: PartGrant; readonly at: number }>();
  /** Parts whose lane has their grant: in flight, not ahead (an expired one is the adapter's to sign again). */
  const taken = new Set<number>();
  let signing: Promise<unknown> | undefined;
  const seed = now();
  for (const grant of run.first ?? []) held.set(grant.number - run.protocol.limits.firstPartNumber, { grant, at: seed });

  const fresh = (index: number): PartGrant | undefined => {
    const entry = held.get(index);
    const expiresAt = entry?.grant.expiresAt;
    // As the engine's credentials: fresh until a quarter of its lifetime (at most 30 s) is left.
    if (entry === undefined || expiresAt === undefined || expiresAt - now() > Math.min(30_000, (expiresAt - entry.at) / 4)) return entry?.grant;
    held.delete(index);
    return undefined;
  };

  const sign = async (position: number): Promise<void> => {
    const indices: number[] = [];
    for (let at = position; at < pending.length && indices.length < size; at += 1) {
      const index = pending[at] ?? -1;
      if (!sent(index) && !taken.has(index) && fresh(index) === undefined) indices.push(index);
    }
    const parts = await Promise.all(indices.map(run.part));
    const signParts = run.protocol.signParts?.bind(run.protocol);
    if (signParts === undefined || parts.length === 0) return;
    try {
      const grants = await attempt(PRIORITY.part, run.attemptContext(), () => signParts(run.session, parts, run.io()));
      const at = now();
      for (const grant of grants) {
        const part = parts.find((candidate) => candidate.number === grant.number);
        if (part !== undefined) held.set(part.index, { grant, at });
      }
    } catch (error) {
      if (!(error instanceof UploadError) || error.code !== 'parts-unsupported') throw error;
      run.lacking.parts = true;
    }
  };

  const start = (position: number): Promise<void> => {
    const batch = sign(position);
    const settled = batch.catch(() => undefined);
    signing = settled;
    void settled.then(() => {
      if (signing === settled) signing = undefined;
    });
    return batch;
  };

  /** Asks for the next batch when fewer than `width` signed parts are left after `position`. */
  const askAhead = (position: number): void => {
    let signed = 0;
    let next = position + 1;
    for (; next < pending.length; next += 1) {
      const index = pending[next] ?? -1;
      if (taken.has(index) || sent(index)) continue;
      if (fresh(index) === undefined) break;
      signed += 1;
    }
    // A failure here is not this lane's: a lane that finds no URL asks again and sees it.
    if (signing === undefined && signed < width && next < pending.length) start(next).catch(() => undefined);
  };

  return {
    async grantFor(position) {
      for (let asked = false; !run.lacking.parts; ) {
        const index = pending[position] ?? -1;
        const grant = fresh(index);
        if (grant !== undefined) {
          taken.add(index);
          askAhead(position);
          return grant;
        }
        if (signing !== undefined) await signing;
        // The backend may sign fewer parts than asked: after one batch of its own, a lane signs alone.
        else if (asked) return undefined;
        else {
          asked = true;
          await start(position);
        }
      }
      return undefined;
    },
    spent: (index) => {
      held.delete(index);
      taken.delete(index);
    },
    expired: () => held.clear(),
  };
}
