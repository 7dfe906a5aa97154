import { expect } from '@esm-bundle/chai';
import { StartQueue, startWindow, type Startable } from '../../src/core/start-queue.js';
import type { TaskState } from '../../src/core/task-state.js';

/** A task that reports its state changes to the queue, as the Uploader's emit hook does. */
class FakeTask implements Startable {
  state: TaskState = 'queued';
  readonly order: number;
  readonly #queue: () => StartQueue<FakeTask>;
  readonly #started: number[];

  constructor(order: number, queue: () => StartQueue<FakeTask>, started: number[]) {
    this.order = order;
    this.#queue = queue;
    this.#started = started;
  }

  start(): void {
    this.move('preparing');
    this.#started.push(this.order);
  }

  move(to: TaskState): void {
    const from = this.state;
    this.state = to;
    this.#queue().moved(from, to);
  }
}

const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

describe('StartQueue · files start oldest first, a window at a time', () => {
  it('starts at most the window at once and the next task each time a running one ends', async () => {
    const started: number[] = [];
    const removed = new Set<number>();
    const queue: StartQueue<FakeTask> = new StartQueue<FakeTask>(
      () => 1,
      (task: FakeTask) => !removed.has(task.order),
    );
    const window = startWindow(1);
    const tasks = Array.from({ length: window + 3 }, (_, i) => new FakeTask(i + 1, () => queue, started));

    queue.want(tasks);
    while (started.length < window) await nextTask();
    expect(started).to.deep.equal(tasks.slice(0, window).map((task) => task.order));

    tasks[window]!.state = 'paused'; // paused while it waited: not started
    removed.add(window + 2); // removed while it waited: not started
    tasks[0]!.move('done');
    expect(started.length, "the next one starts after the ending task's own events").to.equal(window);
    await nextTask();
    expect(started.length).to.equal(window + 1);
    expect(started.at(-1)).to.equal(window + 3);
  });

  it('starts as many as the lanes in the call that adds, and the rest of the window a lane\'s worth per task', async () => {
    const started: number[] = [];
    const queue: StartQueue<FakeTask> = new StartQueue<FakeTask>(
      () => 3,
      () => true,
    );
    const tasks = Array.from({ length: 200 }, (_, i) => new FakeTask(i + 1, () => queue, started));

    queue.want(tasks);
    const counts = [started.length];
    while (counts.at(-1)! < startWindow(3) && counts.length < 20) {
      await nextTask();
      counts.push(started.length);
    }

    expect(counts).to.deep.equal([3, 6, 9, 12, 15, 16]);
    expect(started).to.deep.equal(tasks.slice(0, startWindow(3)).map((task) => task.order));
  });

  it('starts an older task first when it is wanted again, and more when the lanes grow', async () => {
    const started: number[] = [];
    let lanes = 1;
    const queue: StartQueue<FakeTask> = new StartQueue<FakeTask>(
      () => lanes,
      () => true,
    );
    const window = startWindow(1);
    const tasks = Array.from({ length: startWindow(8) + 2 }, (_, i) => new FakeTask(i + 1, () => queue, started));

    queue.want(tasks.slice(1));
    while (started.length < window) await nextTask();
    queue.want([tasks[0]!]);
    expect(started.length).to.equal(window);
    expect(started[0], 'the window was full when the oldest was wanted').to.equal(2);
    lanes = 8;
    queue.pump();
    expect(started.length).to.equal(startWindow(8));
    expect(started[window], 'the older task goes first once there is room').to.equal(1);
  });
});
