import { Uploader } from '../../src/core/uploader.js';
import type { UploaderOptions } from '../../src/core/options.js';
import type { QueueSummary, UploaderEventMap } from '../../src/core/events.js';
import type { TaskSnapshot } from '../../src/core/task-snapshot.js';
import type { Protocol } from '../../src/contracts/protocol.js';
import type { Target } from '../../src/contracts/target.js';
import { isTarget, targetOf } from './targets.js';
import { nextEvent } from './events.js';
import { serverUrls } from './servers.js';

const created: Uploader[] = [];

/**
 * Engines hold their files until destroyed, and Chromium refuses new Blobs once a page holds
 * about 500 MB of them: every engine a test made is destroyed after it.
 */
afterEach(async () => {
  await Promise.all(created.splice(0).map((uploader) => uploader.destroy()));
});

/** An Uploader wired to the test servers; every object key starts with `prefix`. */
export async function engineFor(
  adapter: Protocol | Target,
  prefix: string,
  options: Partial<UploaderOptions> = {},
): Promise<Uploader> {
  const urls = await serverUrls();
  const target = isTarget(adapter) ? adapter : targetOf(adapter);
  const uploader = new Uploader({
    targets: [target],
    endpoint: `${urls.signer}/${target.name}`,
    objectKey: (file) => `${prefix}${file.name}`,
    retry: { baseDelayMs: 50, maxDelayMs: 500 },
    // The engine tests script parts, completions and faults of small files: they send every file
    // in parts unless they ask (test/engine/single-request.test.ts tests one request per file).
    singleRequestMax: 0,
    ...options,
  });
  created.push(uploader);
  return uploader;
}

/** Waits until the queue is idle again and returns the summary. */
export async function queueDone(uploader: Uploader, timeoutMs = 180_000): Promise<QueueSummary> {
  const event = await nextEvent<UploaderEventMap['chunk-queue-complete']>(uploader, 'chunk-queue-complete', () => true, timeoutMs);
  return event.detail;
}

export function snapshotByName(uploader: Uploader, name: string): TaskSnapshot {
  const task = uploader.tasks.find((t) => t.name === name);
  if (task === undefined) throw new Error(`no task for ${name}`);
  return task;
}
