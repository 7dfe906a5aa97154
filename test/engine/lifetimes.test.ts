import { expect } from '@esm-bundle/chai';
import { executeServerCommand } from '@web/test-runner-commands';
import type { ChunkUploader } from '../../src/element/chunk-uploader.component.js';
import { createOssProtocol } from '../../src/protocols/oss.js';
import { HashPool } from '../../src/hash/hash-pool.js';
import { leaseSharedHashPool } from '../../src/hash/shared-pool.js';
import { engineFor, queueDone } from '../helpers/engine.js';
import { mountUploader, whenQueueDone } from '../helpers/element.js';
import { KiB, md5Hex, testFile } from '../helpers/files.js';
import { storedObject, uniquePrefix } from '../helpers/servers.js';

/**
 * Issue 11 point 5: lifetimes. A finished file leaves the hash workers; the page runs one pool
 * for every engine; an element that leaves the page idle destroys its engine (workers,
 * pagehide/visibilitychange listeners, BroadcastChannel), and a move between parents keeps it.
 */
const workers = (): Promise<number> => executeServerCommand('page-probe', { cmd: 'workers' }) as Promise<number>;

/** Counts what engines hold on the page: listeners of the page-lifecycle events and open channels. */
function watchPage(): { readonly listeners: () => number; readonly channels: () => number; restore(): void } {
  const held = new Set<string>();
  const ids = new Map<unknown, number>();
  const idOf = (listener: unknown): number => ids.get(listener) ?? ids.set(listener, ids.size).size - 1;
  const key = (target: EventTarget, type: string, listener: unknown): string => `${target === window ? 'w' : 'd'}:${type}:${idOf(listener)}`;
  const watched = ['pagehide', 'visibilitychange'];
  const targets = [window, document] as const;
  const originals = targets.map((target) => ({ target, add: target.addEventListener, remove: target.removeEventListener }));
  for (const { target, add, remove } of originals) {
    target.addEventListener = function (this: EventTarget, type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions) {
      if (listener === null) return;
      if (watched.includes(type)) held.add(key(target, type, listener));
      add.call(this, type, listener, options);
    };
    target.removeEventListener = function (this: EventTarget, type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions) {
      if (listener === null) return;
      if (watched.includes(type)) held.delete(key(target, type, listener));
      remove.call(this, type, listener, options);
    };
  }
  const NativeChannel = globalThis.BroadcastChannel;
  let open = 0;
  globalThis.BroadcastChannel = class extends NativeChannel {
    #closed = false;
    constructor(name: string) {
      super(name);
      open += 1;
    }
    override close(): void {
      if (!this.#closed) open -= 1;
      this.#closed = true;
      super.close();
    }
  };
  return {
    listeners: () => held.size,
    channels: () => open,
    restore() {
      for (const { target, add, remove } of originals) Object.assign(target, { addEventListener: add, removeEventListener: remove });
      globalThis.BroadcastChannel = NativeChannel;
    },
  };
}

/** The next task: after it, an element removed in this one has had its chance to come back. */
const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** Resolves once `test` holds, checked each frame (the engines' destroy() is asynchronous). */
async function eventually(what: string, test: () => Promise<boolean> | boolean, frames = 600): Promise<void> {
  for (let i = 0; i < frames; i += 1) {
    if (await test()) return;
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
  throw new Error(`never: ${what}`);
}

describe('lifetimes', () => {
  it('releases a file from the hash workers when its task ends', async () => {
    const pool = new HashPool({ size: 1 });
    const released: Blob[] = [];
    const release = pool.release.bind(pool);
    pool.release = (file) => {
      released.push(file);
      release(file);
    };
    const prefix = uniquePrefix('life-release');
    const file = testFile(150 * KiB, { seed: 1121 });
    const uploader = await engineFor(createOssProtocol(), prefix, { hashPool: pool, partSize: 100 * KiB, persist: false });

    uploader.add([file]);
    expect(await queueDone(uploader)).to.deep.equal({ succeeded: 1, failed: 0, canceled: 0 });

    expect(released).to.deep.equal([file]);
    expect((await storedObject('oss', `${prefix}${file.name}`))?.md5).to.equal(await md5Hex(file));
    pool.terminate();
  });

  it('gives every engine of the page one shared pool, stopped when the last one lets go', () => {
    const first = leaseSharedHashPool(undefined);
    const second = leaseSharedHashPool(undefined);
    expect(second.pool).to.equal(first.pool);
    first.release();
    first.release();
    const third = leaseSharedHashPool(undefined);
    expect(third.pool, 'still held by the second').to.equal(first.pool);
    second.release();
    third.release();
    const fourth = leaseSharedHashPool(undefined);
    expect(fourth.pool, 'a new pool after the last release').to.not.equal(first.pool);
    fourth.release();
  });

  it('mounted and removed 50 times, uploading every fifth time, the element leaves no worker, listener or channel behind', async () => {
    const page = watchPage();
    try {
      const prefix = uniquePrefix('life-mount');
      const listenersBefore = page.listeners();
      let peakWorkers = 0;
      for (let i = 0; i < 50; i += 1) {
        const el: ChunkUploader = await mountUploader(`${prefix}${i}-`, {}, (e) => {
          e.options = { ...e.options, persist: false };
        });
        // Every fifth element hashes and uploads a file (its engine starts workers); all of them
        // make an engine, with its listeners and channel.
        if (i % 5 === 4) {
          const done = whenQueueDone(el);
          el.addFiles([testFile(2 * KiB, { seed: 1200 + i, name: `f${i}.bin` })]);
          expect((await done).detail).to.deep.equal({ succeeded: 1, failed: 0, canceled: 0 });
          peakWorkers = Math.max(peakWorkers, await workers());
        } else {
          expect(el.uploader, 'an engine').to.not.equal(undefined);
        }
        el.remove();
        await nextTask();
      }
      const last = testFile(2 * KiB, { seed: 1249, name: 'f49.bin' });
      expect((await storedObject('oss', `${prefix}49-f49.bin`))?.md5).to.equal(await md5Hex(last));
      expect(peakWorkers, 'workers while an upload ran').to.be.within(1, 4);
      await eventually('no worker left', async () => (await workers()) === 0);
      await eventually('no page listener left', () => page.listeners() === listenersBefore);
      expect(page.channels(), 'open BroadcastChannels').to.equal(0);
    } finally {
      page.restore();
    }
  });

  it('keeps its engine through a move between parents, and makes a working one when it comes back later', async () => {
    const prefix = uniquePrefix('life-move');
    const el = await mountUploader(prefix);
    const engine = el.uploader;
    const other = document.createElement('div');
    document.body.append(other);
    other.append(el);
    await nextTask();
    expect(el.uploader, 'moved within a task').to.equal(engine);

    el.remove();
    await nextTask();
    document.body.append(el);
    await el.updateComplete;
    const file = testFile(3 * KiB, { seed: 1122 });
    const done = whenQueueDone(el);
    el.addFiles([file]);
    expect((await done).detail).to.deep.equal({ succeeded: 1, failed: 0, canceled: 0 });
    expect(el.uploader, 'a new engine after coming back').to.not.equal(engine);
    expect((await storedObject('oss', `${prefix}${file.name}`))?.md5).to.equal(await md5Hex(file));
    el.remove();
    other.remove();
  });
});
