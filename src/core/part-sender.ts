import type { HashPool } from '../hash/hash-pool.js';
import type { FileDigests, Io, PartGrant, PartRecord, PlannedPart, Protocol, RangeDigests, Session } from '../contracts/protocol.js';
import { UploadError } from '../transport/upload-error.js';
import { attempt, type AttemptContext } from './attempt.js';
import { runLanes } from './lanes.js';
import { PartDigestQueue, StreamedPartDigests, type PartDigestSource } from './part-digests.js';
import type { PartLedger } from './part-ledger.js';
import { PRIORITY } from './scheduler.js';
import { signAhead, type SignedAhead } from './signed-ahead.js';
import type { TaskProgress } from './task-progress.js';

/** What sending one task's parts needs, handed in by the task for one run. */
export interface PartSending {
  readonly file: File;
  readonly protocol: Protocol;
  readonly session: Session;
  readonly partCount: number;
  part(index: number): PlannedPart;
  readonly ledger: PartLedger;
  readonly progress: TaskProgress;
  readonly hashPool: HashPool;
  /** Lanes this task may use at most (the shared budget; the session may lower it). */
  readonly lanes: number;
  readonly integrity: boolean;
  readonly fileMd5: boolean;
  /** Shared by the engine: set once the backend said it has no `parts` (batch signing). */
  readonly lacking: { parts: boolean };
  /** Part URLs that came with the session (`initiate`), for the first send. */
  readonly first?: readonly PartGrant[];
  attemptContext(signal: AbortSignal, beforeRetry?: () => void): AttemptContext;
  io(signal: AbortSignal): Io;
  /** The server acknowledged a part; false when the task moved to another session since. */
  acknowledged(index: number, record: PartRecord, session: Session): boolean;
}

/**
 * Sends every part the ledger lacks, lanes wide, with each part's digests computed ahead.
 * Parts that fail the background check of a resume are sent after. With `fileMd5`, one pass
 * over the file gives the parts' digests and the file's, which it resolves with.
 */
export async function sendParts(run: PartSending, signal: AbortSignal): Promise<FileDigests | undefined> {
  const algorithms = run.integrity ? run.protocol.partDigests : [];
  const streamed = run.fileMd5 ? new StreamedPartDigests(run.hashPool, run.file, run.session.partSize, algorithms, signal) : undefined;
  streamed?.whole.catch(() => undefined);
  const source = (batch: AbortSignal): PartDigestSource | undefined =>
    algorithms.length === 0 ? undefined : (streamed ?? new PartDigestQueue(run.hashPool.forFile(run.file), algorithms, batch, run.part));
  await sendMissing(run, signal, source);
  while ((await run.ledger.verified()).length > 0) await sendMissing(run, signal, source);
  return streamed === undefined ? undefined : await streamed.whole;
}

async function sendMissing(run: PartSending, signal: AbortSignal, source: (batch: AbortSignal) => PartDigestSource | undefined): Promise<void> {
  const pending: number[] = [];
  for (let index = 0; index < run.partCount; index += 1) if (!run.ledger.has(index)) pending.push(index);
  const width = Math.min(run.session.maxInFlight ?? Infinity, run.lanes);
  const lookahead = width + run.hashPool.size;
  const { protocol, session, lacking } = run;
  let digests: PartDigestSource | undefined;
  let ahead: SignedAhead | undefined;
  // A part's digests are taken once, by its lane or by the batch that signs it first.
  const taken = new Map<number, Promise<RangeDigests>>();
  const digestsOf = (index: number): Promise<RangeDigests> | undefined => {
    if (digests === undefined) return undefined;
    let promise = taken.get(index);
    if (promise === undefined) taken.set(index, (promise = digests.take(index)));
    return promise;
  };
  const planned = async (index: number): Promise<PlannedPart> => {
    const promise = digestsOf(index);
    return promise === undefined ? run.part(index) : { ...run.part(index), digests: await promise };
  };
  await runLanes(pending, width, signal, async (index, position, batch) => {
    digests ??= source(batch);
    // Part URLs signed many at a time ahead of the lanes, when the target and the backend can.
    ahead ??=
      protocol.signParts === undefined || lacking.parts
        ? undefined
        : signAhead({
            protocol,
            session,
            pending,
            width,
            part: planned,
            sent: (index) => run.ledger.has(index),
            lacking,
            ...(run.first === undefined ? {} : { first: run.first }),
            attemptContext: () => run.attemptContext(batch),
            io: () => run.io(batch),
          });
    // This lane's own part first: the pool serves jobs of one priority in order of arrival.
    digests?.prefetch(pending.slice(position, position + 1 + lookahead));
    await sendOne(run, index, batch, planned, await ahead?.grantFor(position), ahead);
    taken.delete(index);
    ahead?.spent(index);
  });
}

async function sendOne(
  run: PartSending,
  index: number,
  signal: AbortSignal,
  planned: (index: number) => Promise<PlannedPart>,
  grant: PartGrant | undefined,
  ahead?: SignedAhead,
): Promise<void> {
  const checkpoint = run.ledger.checkpointOf(index);
  const part: PlannedPart = { ...(await planned(index)), ...(checkpoint === undefined ? {} : { checkpoint }) };
  const body = run.file.slice(part.start, part.end);
  let checkpoints = 0;
  const io: Io = {
    ...run.io(signal),
    onProgress: (bytes) => run.progress.moved(index, bytes),
    checkpoint: (state) => {
      checkpoints += 1;
      run.ledger.checkpoint(index, state);
    },
  };
  const context = { ...run.attemptContext(signal, () => run.progress.moved(index, 0)), progressMark: () => checkpoints };
  let granted = grant;
  const record = await attempt(PRIORITY.part, context, async () => {
    try {
      return await run.protocol.sendPart(run.session, granted === undefined ? part : { ...part, grant: granted }, body, io);
    } catch (error) {
      // An expired grant is signed again by the adapter alone: this lane holds a connection now,
      // and a batch would wait for one.
      if (granted !== undefined && error instanceof UploadError && error.kind === 'expired-credential') {
        ahead?.expired();
        granted = undefined;
      }
      throw error;
    }
  });
  // Note: a part acknowledged just as the user paused is still on the server: it is kept,
  // unless the task has moved on to another server session since.
  if (!run.acknowledged(index, record, run.session)) return;
  run.progress.changed();
}
