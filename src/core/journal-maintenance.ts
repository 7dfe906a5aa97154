import type { Io, Protocol } from '../contracts/protocol.js';
import type { JournalEntry } from '../persist/journal.js';
import type { JournalHolder } from './journal-holder.js';

/** An upload a previous page (or a crashed browser) left unfinished, as the element lists it. */
export interface InterruptedUpload {
  readonly fingerprint: string;
  readonly name: string;
  readonly size: number;
  readonly type: string;
  readonly lastModified: number;
  /** Bytes the journal records as acknowledged. */
  readonly loaded: number;
  readonly updatedAt: number;
  /** A stored file handle can re-open the file after one permission prompt (Chromium). */
  readonly hasHandle: boolean;
  /** Another tab is uploading it right now. */
  readonly activeElsewhere: boolean;
}

/** Finished uploads are kept this long so a tab that waited on one can report its result. */
export const RESULT_TTL_MS = 60 * 60 * 1000;

export function inScope(entry: JournalEntry, provider: string, endpoint: string): boolean {
  return entry.provider === provider && entry.endpoint === endpoint;
}

export async function heldElsewhere(): Promise<Set<string>> {
  if (typeof navigator === 'undefined' || navigator.locks === undefined) return new Set();
  // Note: refused (SecurityError) where site storage is blocked; then no tab holds anything.
  const state = await navigator.locks.query().catch(() => undefined);
  return new Set((state?.held ?? []).map((lock) => lock.name ?? ''));
}

export function describe(entry: JournalEntry, held: ReadonlySet<string>): InterruptedUpload {
  const loaded = Object.values(entry.parts).reduce((sum, part) => sum + part.size, 0);
  return Object.freeze({
    fingerprint: entry.fingerprint,
    name: entry.name,
    size: entry.size,
    type: entry.type,
    lastModified: entry.lastModified,
    loaded: Math.min(loaded, entry.size),
    updatedAt: entry.updatedAt,
    hasHandle: entry.handle !== undefined,
    activeElsewhere: held.has(`chunk-uploader:${entry.fingerprint}`),
  });
}

/** Aborts an entry's server session (best effort) and removes the entry. */
export async function discardEntry(entry: JournalEntry, protocol: Protocol, io: Io, holder: JournalHolder): Promise<void> {
  if (entry.result === undefined && protocol.abort !== undefined && protocol.name === entry.provider) {
    try {
      await protocol.abort(entry.session, io);
    } catch {
      // Note: a session the server already forgot needs no abort; the entry goes either way.
    }
  }
  holder.noteGone(entry);
  await holder.run((journal) => journal.remove(entry.fingerprint));
}

export interface PruneReport {
  readonly removed: number;
  readonly aborted: number;
}

/**
 * Removes journal entries nobody will resume: finished ones past RESULT_TTL_MS, ones older than
 * `maxAgeMs` (their server sessions aborted through the signer), and ones whose server session
 * is gone. Entries another tab is working on are left alone.
 */
export async function prune(
  holder: JournalHolder,
  protocol: Protocol,
  scope: { readonly provider: string; readonly endpoint: string },
  maxAgeMs: number,
  io: () => Io,
  nowMs = Date.now(),
): Promise<PruneReport> {
  const held = await heldElsewhere();
  const entries = (await holder.run((journal) => journal.list())).filter(
    (entry) => inScope(entry, scope.provider, scope.endpoint) && !held.has(`chunk-uploader:${entry.fingerprint}`),
  );
  let removed = 0;
  let aborted = 0;
  for (const entry of entries) {
    const age = nowMs - entry.updatedAt;
    if (entry.result !== undefined) {
      if (age > RESULT_TTL_MS) {
        holder.noteGone(entry);
        await holder.run((journal) => journal.remove(entry.fingerprint));
        removed += 1;
      }
      continue;
    }
    if (age > maxAgeMs) {
      await discardEntry(entry, protocol, io(), holder);
      removed += 1;
      aborted += protocol.abort === undefined ? 0 : 1;
      continue;
    }
    if (protocol.uploaded === undefined) continue;
    const listed = await protocol.uploaded(entry.session, io()).catch(() => undefined);
    if (listed === null) {
      holder.noteGone(entry);
      await holder.run((journal) => journal.remove(entry.fingerprint));
      removed += 1;
    }
  }
  return { removed, aborted };
}
