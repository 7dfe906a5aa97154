import { expect } from '@esm-bundle/chai';
import { attempt, type AttemptContext } from '../../src/core/attempt.js';
import { runLanes } from '../../src/core/lanes.js';
import { DEFAULT_RETRY } from '../../src/core/retry.js';
import { PRIORITY, Scheduler } from '../../src/core/scheduler.js';
import { UploadError, type ErrorKind } from '../../src/transport/upload-error.js';

const failure = (kind: ErrorKind): UploadError => new UploadError(`a ${kind} failure`, { kind });

/** A context with no backoff wait (jitter 0) that records the retries it announces. */
function context(overrides: Partial<AttemptContext> = {}): AttemptContext & { readonly retries: [number, ErrorKind][] } {
  const retries: [number, ErrorKind][] = [];
  return {
    scheduler: new Scheduler(1),
    order: 1,
    retry: { ...DEFAULT_RETRY, retries: 3 },
    signal: new AbortController().signal,
    random: () => 0,
    onRetry: (attemptNumber, _delayMs, error) => retries.push([attemptNumber, error.kind]),
    retries,
    ...overrides,
  };
}

/** A request that fails with these kinds in turn, then answers `ok`. */
function script(kinds: readonly ErrorKind[]): { run: () => Promise<string>; readonly calls: () => number } {
  let calls = 0;
  return {
    run: () => {
      const kind = kinds[calls];
      calls += 1;
      return kind === undefined ? Promise.resolve('ok') : Promise.reject(failure(kind));
    },
    calls: () => calls,
  };
}

describe('attempt · one request under a lane, retried as the policy says', () => {
  it('retries transient kinds, announcing each retry, and resolves with the answer', async () => {
    const ctx = context();
    const request = script(['network', 'server', 'timeout']);
    expect(await attempt(PRIORITY.part, ctx, request.run)).to.equal('ok');
    expect(ctx.retries).to.deep.equal([
      [1, 'network'],
      [2, 'server'],
      [3, 'timeout'],
    ]);
  });

  it('gives up once the retries are spent, saying so', async () => {
    const ctx = context();
    const request = script(['server', 'server', 'server', 'server', 'server']);
    const error = await attempt(PRIORITY.part, ctx, request.run).then(
      () => expect.fail('resolved'),
      (e: UploadError) => e,
    );
    expect([error.kind, request.calls()]).to.deep.equal(['server', 4]);
    expect(error.message).to.match(/gave up after 4 tries/);
  });

  it('fails at once on a terminal kind, without a retry', async () => {
    for (const kind of ['auth', 'client', 'conflict', 'config', 'invalid'] as const) {
      const ctx = context();
      const request = script([kind]);
      const error = await attempt(PRIORITY.part, ctx, request.run).catch((e: UploadError) => e);
      expect([(error as UploadError).kind, request.calls(), ctx.retries.length], kind).to.deep.equal([kind, 1, 0]);
    }
  });

  it('signs again on an expired credential without spending a retry, up to maxResigns in a row', async () => {
    const ctx = context({ retry: { ...DEFAULT_RETRY, retries: 0, maxResigns: 2 } });
    expect(await attempt(PRIORITY.part, ctx, script(['expired-credential', 'expired-credential']).run)).to.equal('ok');
    expect(ctx.retries).to.deep.equal([]);
    const error = await attempt(PRIORITY.part, ctx, script(['expired-credential', 'expired-credential', 'expired-credential']).run).catch((e: UploadError) => e);
    expect((error as UploadError).kind).to.equal('expired-credential');
  });

  it('counts re-signs in a row only while the request makes no progress: a fresh credential that worked resets them', async () => {
    let steps = 0;
    const ctx = context({ retry: { ...DEFAULT_RETRY, retries: 0, maxResigns: 2 }, progressMark: () => steps });
    // A block of chunks: each fresh token carries one chunk before the next one expires.
    const kinds: ErrorKind[] = ['expired-credential', 'expired-credential', 'expired-credential', 'expired-credential'];
    let calls = 0;
    const run = (): Promise<string> => {
      if (calls > 0) steps += 1;
      calls += 1;
      const kind = kinds[calls - 1];
      return kind === undefined ? Promise.resolve('ok') : Promise.reject(failure(kind));
    };
    expect(await attempt(PRIORITY.part, ctx, run)).to.equal('ok');
    expect(calls).to.equal(5);
    const stuck = await attempt(PRIORITY.part, ctx, script(['expired-credential', 'expired-credential', 'expired-credential']).run).catch((e: UploadError) => e);
    expect((stuck as UploadError).kind, 'no progress between them: a loop, given up').to.equal('expired-credential');
  });

  it('passes up what the caller handles itself, and a gone session, at once', async () => {
    const ctx = context({ passUp: (error) => error.kind === 'integrity' });
    const integrity = script(['integrity']);
    await attempt(PRIORITY.complete, ctx, integrity.run).catch(() => undefined);
    const gone = script(['session-gone']);
    await attempt(PRIORITY.complete, ctx, gone.run).catch(() => undefined);
    expect([integrity.calls(), gone.calls(), ctx.retries.length]).to.deep.equal([1, 1, 0]);
  });

  it('halves the lanes on a throttled answer', async () => {
    const scheduler = new Scheduler(4);
    await attempt(PRIORITY.part, context({ scheduler }), script(['throttled']).run);
    expect(scheduler.effectiveLanes).to.equal(2);
  });

  it('holds the lane only while the request runs, and stops with `aborted` when the signal fires in a backoff', async () => {
    const scheduler = new Scheduler(1);
    const controller = new AbortController();
    const ctx = context({ scheduler, signal: controller.signal, random: () => 1, retry: { ...DEFAULT_RETRY, baseDelayMs: 60_000 } });
    const running = attempt(PRIORITY.part, ctx, script(['network']).run);
    // While it waits out its backoff the lane is free for someone else.
    const other = await scheduler.acquire(PRIORITY.begin, 2, new AbortController().signal);
    other();
    controller.abort(new Error('paused'));
    const error = await running.catch((e: UploadError) => e);
    expect((error as UploadError).kind).to.equal('aborted');
  });
});

describe('runLanes · work over items, `width` at a time', () => {
  it('never runs more than `width` at once and visits every item in order', async () => {
    let running = 0;
    let most = 0;
    const started: number[] = [];
    await runLanes([1, 2, 3, 4, 5, 6, 7], 3, new AbortController().signal, async (item) => {
      started.push(item);
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 0));
      running -= 1;
    });
    expect([most, started]).to.deep.equal([3, [1, 2, 3, 4, 5, 6, 7]]);
  });

  it('aborts the batch on the first failure, starts nothing more, and rethrows it once all settled', async () => {
    const settled: number[] = [];
    let batchAborted = false;
    const boom = new Error('boom');
    const error = await runLanes([1, 2, 3, 4], 2, new AbortController().signal, async (item, _position, batch) => {
      if (item === 1) throw boom;
      await new Promise((resolve) => setTimeout(resolve, 0));
      batchAborted = batch.aborted;
      settled.push(item);
    }).catch((e: unknown) => e);
    expect([error, settled, batchAborted]).to.deep.equal([boom, [2], true]);
  });

  it('rethrows the outer signal’s reason when it is aborted', async () => {
    const controller = new AbortController();
    const reason = new Error('canceled');
    const error = await runLanes([1, 2], 1, controller.signal, async (_item, _position, batch) => {
      controller.abort(reason);
      expect(batch.aborted).to.equal(true);
    }).catch((e: unknown) => e);
    expect(error).to.equal(reason);
  });
});
