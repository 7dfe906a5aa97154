import { expect } from '@esm-bundle/chai';
import { PRIORITY, Scheduler, type Priority } from '../../src/core/scheduler.js';

/** Lets every settled promise run its continuations. */
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** Asks for a lane and records, by label, when it was granted; returns the release. */
function ask(scheduler: Scheduler, granted: string[], label: string, priority: Priority, order: number, signal = new AbortController().signal) {
  let release: (() => void) | undefined;
  const done = scheduler.acquire(priority, order, signal).then((r) => {
    granted.push(label);
    release = r;
  });
  return {
    done,
    release: () => release?.(),
  };
}

describe('Scheduler · one lane budget for every task', () => {
  it('grants at most `lanes` at once and the next waiter on each release', async () => {
    const scheduler = new Scheduler(2);
    const granted: string[] = [];
    const a = ask(scheduler, granted, 'a', PRIORITY.part, 1);
    const b = ask(scheduler, granted, 'b', PRIORITY.part, 1);
    ask(scheduler, granted, 'c', PRIORITY.part, 1);
    await settle();
    expect(granted).to.deep.equal(['a', 'b']);
    a.release();
    a.release(); // a second call of one release frees nothing more
    await settle();
    expect(granted).to.deep.equal(['a', 'b', 'c']);
    b.release();
  });

  it('serves parts before completions before begins, then older tasks first, then arrival', async () => {
    const scheduler = new Scheduler(1);
    const granted: string[] = [];
    const first = ask(scheduler, granted, 'holder', PRIORITY.part, 9);
    await settle();
    const waiters = [
      ask(scheduler, granted, 'begin-1', PRIORITY.begin, 1),
      ask(scheduler, granted, 'complete-2', PRIORITY.complete, 2),
      ask(scheduler, granted, 'part-3', PRIORITY.part, 3),
      ask(scheduler, granted, 'part-2-first', PRIORITY.part, 2),
      ask(scheduler, granted, 'part-2-second', PRIORITY.part, 2),
    ];
    first.release();
    // Each round frees the one lane from whoever holds it (releasing a waiter not yet granted,
    // or granted and released before, does nothing).
    for (let i = 0; i < waiters.length; i += 1) {
      await settle();
      for (const waiter of waiters) waiter.release();
    }
    expect(granted).to.deep.equal(['holder', 'part-2-first', 'part-2-second', 'part-3', 'complete-2', 'begin-1']);
  });

  it('grants more at once when the budget grows, and fewer new ones when it shrinks', async () => {
    const scheduler = new Scheduler(1);
    const granted: string[] = [];
    const held = [ask(scheduler, granted, 'a', PRIORITY.part, 1), ask(scheduler, granted, 'b', PRIORITY.part, 1), ask(scheduler, granted, 'c', PRIORITY.part, 1)];
    await settle();
    expect(granted).to.deep.equal(['a']);
    scheduler.lanes = 3;
    await settle();
    expect(granted).to.deep.equal(['a', 'b', 'c']);
    scheduler.lanes = 1;
    const d = ask(scheduler, granted, 'd', PRIORITY.part, 1);
    held[0]?.release();
    held[1]?.release();
    await settle();
    expect(granted, 'c still holds the one lane').to.deep.equal(['a', 'b', 'c']);
    held[2]?.release();
    await settle();
    expect(granted).to.deep.equal(['a', 'b', 'c', 'd']);
    d.release();
  });

  it('drops a waiter whose signal aborts, which then never holds a lane', async () => {
    const scheduler = new Scheduler(1);
    const granted: string[] = [];
    const holder = ask(scheduler, granted, 'holder', PRIORITY.part, 1);
    const controller = new AbortController();
    const gone = ask(scheduler, granted, 'gone', PRIORITY.part, 1, controller.signal);
    const next = ask(scheduler, granted, 'next', PRIORITY.part, 1);
    controller.abort(new Error('paused'));
    await gone.done.then(
      () => expect.fail('granted after abort'),
      (reason: Error) => expect(reason.message).to.equal('paused'),
    );
    holder.release();
    await settle();
    expect(granted).to.deep.equal(['holder', 'next']);
    next.release();
    const already = new AbortController();
    already.abort(new Error('before'));
    await scheduler.acquire(PRIORITY.part, 1, already.signal).then(
      () => expect.fail('granted an aborted signal'),
      (reason: Error) => expect(reason.message).to.equal('before'),
    );
  });

  it('halves the usable lanes when throttled, never below one, without touching the budget', () => {
    const scheduler = new Scheduler(8);
    scheduler.throttle();
    expect([scheduler.lanes, scheduler.effectiveLanes]).to.deep.equal([8, 4]);
    scheduler.throttle();
    scheduler.throttle();
    scheduler.throttle();
    expect(scheduler.effectiveLanes).to.equal(1);
    scheduler.lanes = 6;
    expect([scheduler.lanes, scheduler.effectiveLanes], 'a new budget while throttled stays throttled').to.deep.equal([6, 1]);
  });
});
