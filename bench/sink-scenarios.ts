/**
 * The sink bench's scenarios, in the order each round runs them. `fn` names a function of the
 * bench page (bench/page/batch-runs.ts, bench-page.ts); `run` is what it is given besides the
 * sink's URL and the big file's size.
 */
export interface SinkScenario {
  readonly group: string;
  readonly name: string;
  readonly fn: string;
  readonly run: Readonly<Record<string, number | boolean | string>>;
  /** Files uploaded: 1 for the big file (picked from disk), else the batch's count. */
  readonly files: number;
  /** A hand-written baseline: the group's fastest one is the yardstick. */
  readonly hand?: boolean;
  /** Hashes every part: not a yardstick for the unhashed runs. */
  readonly hashed?: boolean;
  /** Where the bytes go (bench/lib/bench-server.ts): the sink unless said. */
  readonly server?: 'sink' | 'tus' | 's3rver';
}

const MiB = 1024 * 1024;
const KiB = 1024;

/** A peer's runs on a batch: tus-js-client, and Uppy 6 to the sink and to s3rver, 6 files in flight. */
function peerBatch(group: string, run: { count: number; size: number; concurrency: number }, files: number): SinkScenario[] {
  return [
    { group, name: 'tus-js-client → @tus/server (discarding store), 6 files in flight', fn: 'tusBatch', run, files, server: 'tus' },
    { group, name: 'Uppy 6 (@uppy/aws-s3) → sink, 1 sign + 1 PUT per file, 6 in flight', fn: 'uppyBatch', run: { ...run, storage: 'sink' }, files },
    { group, name: 'Uppy 6 (@uppy/aws-s3) → s3rver, 1 presign + 1 PUT per file, 6 in flight', fn: 'uppyBatch', run: { ...run, storage: 's3rver' }, files, server: 's3rver' },
  ];
}

function batch(count: number, size: number, label: string, element: 'also' | 'only-element'): SinkScenario[] {
  const run = { count, size, concurrency: 6 };
  const group = `${count} × ${label}`;
  const engine: SinkScenario[] = [
    { group, name: 'engine c6', fn: 'engineBatch', run: { ...run, integrity: false }, files: count },
    { group, name: 'engine c6 + MD5', fn: 'engineBatch', run: { ...run, integrity: true }, files: count },
  ];
  return [
    { group, name: 'hand-written: 1 sign + 1 PUT per file, 6 in flight', fn: 'handBatch', run: { ...run, integrity: false }, files: count, hand: true },
    ...(element === 'also' ? engine : [engine[0] as SinkScenario]),
    { group, name: 'element c6', fn: 'elementBatch', run: { ...run, integrity: false }, files: count },
    ...(element === 'also' ? peerBatch(group, run, count) : []),
  ];
}

/** Every scenario; `scale` multiplies the batches' file counts (at least 2 files each). */
export function SINK_SCENARIOS(scale: number): SinkScenario[] {
  const n = (count: number): number => Math.max(2, Math.round(count * scale));
  const big = 'big file';
  const slices = (lanes: number, hash: boolean): Readonly<Record<string, number | boolean | string>> => ({ sliceSize: 8 * MiB, lanes, hash });
  const engine = (concurrency: number, integrity: boolean) => ({ partSize: 8 * MiB, concurrency, integrity, key: 'bench-big.bin' });
  return [
    { group: big, name: 'hand-written: one XHR PUT of the whole file', fn: 'handPut', run: {}, files: 1, hand: true },
    { group: big, name: 'hand-written: 8 MiB slices, 3 connections', fn: 'handSlices', run: slices(3, false), files: 1, hand: true },
    { group: big, name: 'hand-written: 8 MiB slices, 6 connections', fn: 'handSlices', run: slices(6, false), files: 1, hand: true },
    { group: big, name: 'hand-written: MD5 (hash-wasm) + upload pipeline, 6 connections', fn: 'handSlices', run: slices(6, true), files: 1, hand: true, hashed: true },
    { group: big, name: 'engine c3', fn: 'engineUpload', run: engine(3, false), files: 1 },
    { group: big, name: 'engine c6', fn: 'engineUpload', run: engine(6, false), files: 1 },
    { group: big, name: 'engine c6 + MD5', fn: 'engineUpload', run: engine(6, true), files: 1 },
    { group: big, name: 'element c6 + MD5', fn: 'elementUpload', run: engine(6, true), files: 1 },
    // tus: @tus/server 2 has no concatenation, so tus-js-client's parallelUploads is refused and
    // the file goes up in 8 MiB PATCHes, one at a time. Uppy 6 sends a file's parts one at a time
    // (its `limit` counts files), so 6 in flight cannot apply to one file.
    { group: big, name: 'tus-js-client → @tus/server (discarding store), 8 MiB PATCHes, one at a time', fn: 'tusBig', run: { chunkSize: 8 * MiB, concurrency: 1 }, files: 1, server: 'tus' },
    { group: big, name: 'Uppy 6 (@uppy/aws-s3) → sink, multipart 8 MiB, parts one at a time', fn: 'uppyBig', run: { chunkSize: 8 * MiB, concurrency: 6, storage: 'sink' }, files: 1 },
    { group: big, name: 'Uppy 6 (@uppy/aws-s3) → s3rver, multipart 8 MiB, parts one at a time', fn: 'uppyBig', run: { chunkSize: 8 * MiB, concurrency: 6, storage: 's3rver' }, files: 1, server: 's3rver' },
    ...batch(n(200), 256 * KiB, '256 KiB', 'also'),
    ...batch(n(50), 4 * MiB, '4 MiB', 'also'),
    ...batch(n(1000), 64 * KiB, '64 KiB', 'only-element'),
  ];
}
