import { expect } from '@esm-bundle/chai';
import type { ReactiveController } from 'lit';
import type { TaskSnapshot } from '../../src/core/task-snapshot.js';
import { Uploader } from '../../src/core/uploader.js';
import { UploaderController } from '../../src/element/uploader-controller.js';
import { oss } from '../../src/protocols/oss.js';
import { testFile } from '../helpers/files.js';

/** A stand-in for the element: counts render requests, receives re-dispatched events. */
class FakeHost extends EventTarget {
  updates = 0;
  controllers: ReactiveController[] = [];
  readonly updateComplete = Promise.resolve(true);
  addController(controller: ReactiveController): void {
    this.controllers.push(controller);
  }
  removeController(): void {}
  requestUpdate(): void {
    this.updates += 1;
  }
  requestEngineUpdate(): void {
    this.requestUpdate();
  }
  connect(): void {
    this.controllers.forEach((controller) => controller.hostConnected?.());
  }
}

/** An engine that never touches the network: nothing starts by itself. */
function idleEngine(): Uploader {
  return new Uploader({ targets: [oss()], endpoint: 'http://127.0.0.1:9/unused', autoStart: false });
}

describe('UploaderController', () => {
  it('re-dispatches engine events from the host, bubbling and composed, and passes a veto back', () => {
    const host = new FakeHost();
    const controller = new UploaderController(host, () => undefined);
    const engine = idleEngine();
    controller.use(engine);
    host.connect();
    const seen: Event[] = [];
    host.addEventListener('chunk-file-add', (event) => {
      seen.push(event);
      event.preventDefault();
    });

    const added = engine.add([testFile(1, { seed: 1 })]);

    expect(seen.map((event) => [event.type, event.bubbles, event.composed, event.cancelable])).to.deep.equal([
      ['chunk-file-add', true, true, true],
    ]);
    expect(added).to.deep.equal([]);
    engine.destroy();
  });

  it('keeps a retired engine while it lists files, and drops it once its list is empty', () => {
    const host = new FakeHost();
    const controller = new UploaderController(host, () => undefined);
    const first = idleEngine();
    controller.use(first);
    host.connect();
    const [task] = first.add([testFile(10, { seed: 3 })]) as [TaskSnapshot];
    const second = idleEngine();

    controller.use(second);
    const whileListed = controller.engines.length;
    const owner = controller.ownerOf(task.id);
    first.remove(task.id);
    controller.prune();

    expect(whileListed).to.equal(2);
    expect(owner).to.equal(first);
    expect(controller.engines).to.deep.equal([second]);
    expect(controller.current).to.equal(second);
    second.destroy();
  });
});
