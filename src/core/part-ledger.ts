import type { JsonValue } from '../contracts/json.js';
import type { Hasher, PartRecord, PlannedPart, Protocol } from '../contracts/protocol.js';
import type { JournalEntry } from '../persist/journal.js';
import { reconcile, verifyParts } from './reconcile.js';
import type { TaskJournal } from './task-journal.js';
import { serverNow } from '../transport/server-clock.js';

/**
 * Which parts of one upload count as sent, and where that is written down. Every change goes
 * to the journal (coalesced there), so what the ledger holds is what a reload resumes from.
 */
export class PartLedger {
  /** Acknowledged parts by index. */
  #records = new Map<number, PartRecord>();
  /** Parts acknowledged in this page, from this File object: their bytes need no check. */
  #sentHere = new Set<number>();
  /** The adapter's progress inside unfinished parts (Qiniu's ctx), by index. */
  #checkpoints = new Map<number, JsonValue>();
  /** Listed parts still being checked against the local bytes; resolves with those that failed. */
  #verification: Promise<number[]> = Promise.resolve([]);
  #journal: TaskJournal | undefined;
  #changed: () => void;

  constructor(changed: () => void) {
    this.#changed = changed;
  }

  get size(): number {
    return this.#records.size;
  }

  get records(): ReadonlyMap<number, PartRecord> {
    return this.#records;
  }

  has(index: number): boolean {
    return this.#records.has(index);
  }

  checkpointOf(index: number): JsonValue | undefined {
    return this.#checkpoints.get(index);
  }

  /** Records go to this journal entry from now on. */
  attach(journal: TaskJournal): void {
    this.#journal = journal;
  }

  get journal(): TaskJournal | undefined {
    return this.#journal;
  }

  /** Takes over what a journal entry recorded, to be reconciled with the server. */
  seed(entry: JournalEntry): void {
    for (const [index, record] of Object.entries(entry.parts)) this.#records.set(Number(index), record);
    for (const [index, state] of Object.entries(entry.checkpoints)) this.#checkpoints.set(Number(index), state);
  }

  acknowledge(index: number, record: PartRecord): void {
    this.#records.set(index, record);
    this.#sentHere.add(index);
    this.#checkpoints.delete(index);
    this.#journal?.part(index, record);
    this.#changed();
  }

  checkpoint(index: number, state: JsonValue): void {
    this.#checkpoints.set(index, state);
    this.#journal?.checkpoint(index, state);
  }

  /**
   * Reconciles with the server's list (undefined for targets without one) and starts checking
   * the listed parts against the local bytes in the background.
   */
  reconcile(
    protocol: Protocol,
    listed: readonly PartRecord[] | undefined,
    partCount: number,
    part: (index: number) => PlannedPart,
    hasher: Hasher,
    signal: AbortSignal,
    trusted = false,
  ): void {
    const before = new Set(this.#records.keys());
    const { records, unverified } = reconcile({
      protocol,
      listed,
      trusted,
      records: this.#records,
      sentHere: this.#sentHere,
      partCount,
      part,
      // Compared with storage expiries (a Qiniu ctx's expired_at): server time.
      nowMs: serverNow(),
    });
    this.#records = records;
    this.#journal?.forget([...before].filter((index) => !records.has(index)));
    for (const [index, record] of records) if (!unverified.has(index)) this.#journal?.part(index, record);
    const candidates = new Map([...records].filter(([index]) => unverified.has(index)));
    this.#verification = verifyParts(protocol, hasher, candidates, part, signal, (index, ok) => {
      const record = this.#records.get(index);
      if (ok) {
        if (record !== undefined) this.#journal?.part(index, record);
        return;
      }
      this.#records.delete(index);
      this.#journal?.forget([index]);
      this.#changed();
    });
    this.#verification.catch(() => undefined);
    this.#changed();
  }

  /** Waits for the background check; returns the parts it threw out (to be sent again). */
  async verified(): Promise<number[]> {
    const failed = await this.#verification;
    this.#verification = Promise.resolve([]);
    return failed;
  }

  /** In order, the records of every part, for completion. */
  ordered(): PartRecord[] {
    return [...this.#records.entries()].sort(([a], [b]) => a - b).map(([, record]) => record);
  }

  /** Nothing the session holds can be trusted: every part is to be sent again (the entry stays). */
  forgetParts(): void {
    this.#journal?.forget([...this.#records.keys()]);
    this.#records.clear();
    this.#sentHere.clear();
    this.#checkpoints.clear();
    this.#verification = Promise.resolve([]);
    this.#changed();
  }

  /** The session is gone: nothing recorded can be used, and the journal entry goes too. */
  async clear(): Promise<void> {
    await this.#journal?.drop();
    this.#journal = undefined;
    this.#records.clear();
    this.#sentHere.clear();
    this.#checkpoints.clear();
    this.#verification = Promise.resolve([]);
    this.#changed();
  }
}
