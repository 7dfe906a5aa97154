import type { Hasher, PartRecord, PlannedPart, Protocol } from '../contracts/protocol.js';

/** What the engine believes about a part before sending anything after a resume. */
export interface ReconcileInput {
  readonly protocol: Protocol;
  /** The server's list, or undefined for targets that have none (Qiniu). */
  readonly listed: readonly PartRecord[] | undefined;
  /** Records we hold: from this page (sent here) or from the journal. */
  readonly records: ReadonlyMap<number, PartRecord>;
  /** Indices whose record was acknowledged in this page, from this very File object. */
  readonly sentHere: ReadonlySet<number>;
  readonly partCount: number;
  part(index: number): PlannedPart;
  readonly nowMs: number;
}

export interface ReconcileOutput {
  /** Parts that count as sent. */
  readonly records: Map<number, PartRecord>;
  /** Of those, the ones whose bytes must still be checked against the local file. */
  readonly unverified: Set<number>;
}

/**
 * Server truth first (protocols.md 6): a part counts as sent only if the server lists it with
 * the planned size. A part sent from this page with the ETag the server lists is trusted as is;
 * any other listed part is kept only if the adapter can check it against the local bytes, and
 * stays unverified until it has been. Targets without a list trust usable journal records,
 * unverified. Everything else is sent again.
 */
export function reconcile(input: ReconcileInput): ReconcileOutput {
  const { protocol } = input;
  const canVerify = protocol.verifyListed !== undefined && (protocol.listedDigests ?? []).length > 0;
  const records = new Map<number, PartRecord>();
  const unverified = new Set<number>();
  const byNumber = new Map((input.listed ?? []).map((part) => [part.number, part]));
  for (let index = 0; index < input.partCount; index += 1) {
    const planned = input.part(index);
    const local = input.records.get(index);
    if (input.listed === undefined) {
      if (local === undefined) continue;
      if (input.sentHere.has(index)) records.set(index, local);
      else if (canVerify && protocol.isRecordUsable?.(local, input.nowMs) === true) {
        records.set(index, local);
        unverified.add(index);
      }
      continue;
    }
    const server = byNumber.get(planned.number);
    if (server === undefined || server.size !== planned.end - planned.start) continue;
    const sameAsLocal = local?.etag !== undefined && server.etag !== undefined && sameEtag(local.etag, server.etag);
    if (sameAsLocal && input.sentHere.has(index)) {
      records.set(index, local);
      continue;
    }
    if (!canVerify) continue;
    records.set(index, sameAsLocal ? { ...server, ...local } : server);
    unverified.add(index);
  }
  return { records, unverified };
}

/**
 * Checks unverified parts against the local bytes, in order, in the hash workers. Resolves with
 * the indices that do not hold these bytes (they must be sent again).
 */
export async function verifyParts(
  protocol: Protocol,
  hasher: Hasher,
  candidates: ReadonlyMap<number, PartRecord>,
  part: (index: number) => PlannedPart,
  signal: AbortSignal,
  onChecked: (index: number, ok: boolean) => void,
): Promise<number[]> {
  const algorithms = protocol.listedDigests ?? [];
  const failed: number[] = [];
  for (const [index, record] of [...candidates].sort(([a], [b]) => a - b)) {
    const planned = part(index);
    const digests = await hasher.range(planned.start, planned.end, algorithms, signal, { background: true });
    const ok = protocol.verifyListed?.(record, digests) === true;
    if (!ok) failed.push(index);
    onChecked(index, ok);
  }
  return failed;
}

export function sameEtag(a: string, b: string): boolean {
  const normal = (value: string): string => value.replace(/"/g, '').trim().toLowerCase();
  return normal(a) === normal(b);
}
