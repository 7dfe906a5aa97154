import { expect } from '@esm-bundle/chai';
import { UPLOADER_EVENT_NAMES } from '../../src/core/events.js';
import type { Uploader } from '../../src/core/uploader.js';
import type { TaskSnapshot } from '../../src/core/task-snapshot.js';
import { HashPool } from '../../src/hash/hash-pool.js';
import type { Protocol } from '../../src/contracts/protocol.js';
import { createCosV4Protocol } from '../../src/protocols/cos-v4.js';
import { createOssProtocol } from '../../src/protocols/oss.js';
import { createQingStorProtocol } from '../../src/protocols/qingstor.js';
import { createQiniuProtocol } from '../../src/protocols/qiniu.js';
import { createS3Protocol } from '../../src/protocols/s3.js';
import { engineFor } from '../helpers/engine.js';
import { recordEvents } from '../helpers/events.js';
import { KiB, md5Hex, testFile } from '../helpers/files.js';
import { AWAIT_POINTS, ScriptedTransport, type AwaitPoint, type HoldPhase } from '../helpers/scripted-transport.js';
import { openUploads, partsAccepted, serverSettled, serverUrls, storedObject, uniquePrefix } from '../helpers/servers.js';

/**
 * Issue 11.2: at every await point of every target, a user pauses, cancels, pauses and resumes
 * at once, or changes the concurrency, while the engine waits there. The scripted transport
 * holds the request (before it leaves, or after the server acted) until the action is done.
 * Nothing sleeps: every wait is for a request reaching the transport or for an event.
 */
interface RaceTarget {
  readonly name: string;
  /** The emulator holding its uploads, when it is not named like the target. */
  readonly emulator?: string;
  /**
   * The one part request stores the whole file (a Qiniu form upload): a cancel after the server
   * took it leaves the file stored, as a cancel during complete would.
   */
  readonly storesOnSend?: boolean;
  protocol(): Protocol;
  readonly size: number;
  readonly partSize?: number;
  /** Parts the file is cut into. */
  readonly parts: number;
  /** The server lists stored parts on resume, so a part stored while its answer was lost is not sent again. */
  readonly lists: boolean;
  /** Await points this target's upload goes through (Qiniu has no list or abort; COS v4 no abort). */
  readonly points: readonly AwaitPoint[];
  /** The server keeps an upload session that a cancel must abort. */
  readonly abortable: boolean;
}

const TARGETS: readonly RaceTarget[] = [
  { name: 'oss', protocol: createOssProtocol, size: 150 * KiB, partSize: 100 * KiB, parts: 2, points: AWAIT_POINTS, abortable: true, lists: true },
  { name: 's3', protocol: () => createS3Protocol(), size: 64 * KiB, parts: 1, points: AWAIT_POINTS, abortable: true, lists: true },
  { name: 'qingstor', protocol: createQingStorProtocol, size: 64 * KiB, parts: 1, points: AWAIT_POINTS, abortable: true, lists: true },
  // A one-block file goes up as a form upload unless told otherwise: both paths race.
  { name: 'qiniu', protocol: () => createQiniuProtocol({ formUpload: false }), size: 64 * KiB, parts: 1, points: ['begin', 'send', 'complete'], abortable: false, lists: false },
  { name: 'qiniu-form', emulator: 'qiniu', storesOnSend: true, protocol: () => createQiniuProtocol(), size: 64 * KiB, parts: 1, points: ['begin', 'send'], abortable: false, lists: false },
  {
    name: 'cos-v4',
    protocol: () => createCosV4Protocol({ sliceSize: 524288 }),
    size: 600 * KiB,
    parts: 2,
    points: ['begin', 'sign', 'send', 'list', 'complete'],
    abortable: false,
    lists: true,
  },
];

const ACTIONS = ['pause', 'cancel', 'pause-resume', 'concurrency'] as const;
type Action = (typeof ACTIONS)[number];
const PHASES: readonly HoldPhase[] = ['before', 'after'];

/** Resolves once the task's snapshot passes `test`, checked now and at each of its events. */
function until(uploader: Uploader, id: string, test: (task: TaskSnapshot) => boolean): Promise<TaskSnapshot> {
  return new Promise((resolve) => {
    const check = (): boolean => {
      const task = uploader.task(id);
      if (task === undefined || !test(task)) return false;
      for (const name of UPLOADER_EVENT_NAMES) uploader.removeEventListener(name, check);
      resolve(task);
      return true;
    };
    if (check()) return;
    for (const name of UPLOADER_EVENT_NAMES) uploader.addEventListener(name, check);
  });
}

/** One turn of the event loop, so that anything a stale run still had queued gets its chance. */
const turn = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

const pool = new HashPool({ size: 1 });
after(() => pool.terminate());
let seed = 1000;
/** A file of its own for every race: COS v4 would store a second copy of the same bytes at init. */
const fileFor = (target: RaceTarget): File => testFile(target.size, { seed: (seed += 1) });

async function race(target: RaceTarget, point: AwaitPoint, phase: HoldPhase, action: Action): Promise<void> {
  const prefix = uniquePrefix(`race-${target.name}-${point}-${phase}-${action}`);
  const file = fileFor(target);
  const key = `${prefix}${file.name}`;
  const transport = new ScriptedTransport((await serverUrls()).signer);
  const uploader = await engineFor(target.protocol(), prefix, {
    transport,
    hashPool: pool,
    persist: false,
    concurrency: 2,
    ...(target.partSize === undefined ? {} : { partSize: target.partSize }),
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
  });
  const recorder = recordEvents(uploader, UPLOADER_EVENT_NAMES);
  // `list` comes up on a resume, `abort` on a cancel: get there first.
  const early = point !== 'list' && point !== 'abort';
  const holding = early ? transport.hold(point, phase) : undefined;
  const [added] = uploader.add([file]);
  const id = added?.id ?? '';
  const canceledFirst = point === 'abort';
  // Resolves once the servers were told (the abort went through).
  let firstCancel: Promise<void> | undefined;
  // The last part is parked before it leaves, and the others are acknowledged, so the pause or
  // cancel that leads there cuts off no request the server might still store.
  const last = early ? undefined : transport.hold('send', 'before', target.parts);
  // A point that never comes up fails the race at once instead of waiting for a timeout.
  const ended =
    point === 'abort'
      ? new Promise<never>(() => undefined)
      : until(uploader, id, (task) => ['done', 'canceled', 'failed'].includes(task.state)).then((task): never => {
          throw new Error(`the task ended (${task.state}) before reaching ${point}`);
        });
  ended.catch(() => undefined);
  const reaching = holding ?? (async () => {
    await last;
    await until(uploader, id, (task) => task.partsDone >= target.parts - 1);
    const later = transport.hold(point, phase);
    if (point === 'list') {
      uploader.pause(id);
      uploader.resume(id);
    } else {
      firstCancel = uploader.cancel(id);
    }
    return later;
  })();
  const held = await Promise.race([reaching, ended]);

  let wanted: 'done' | 'canceled' | 'paused';
  let canceling: Promise<void> | undefined;
  switch (action) {
    case 'pause':
      uploader.pause(id);
      wanted = 'paused';
      break;
    case 'cancel':
      canceling = uploader.cancel(id);
      wanted = 'canceled';
      break;
    case 'pause-resume':
      uploader.pause(id);
      uploader.resume(id);
      wanted = 'done';
      break;
    case 'concurrency':
      uploader.concurrency = 1;
      uploader.concurrency = 3;
      wanted = 'done';
      break;
  }
  const stateNow = uploader.task(id)?.state;
  // Pause is a no-op while completing; a cancel then waits for the completion (issue 11.1).
  if (stateNow === 'completing' && wanted === 'paused') wanted = 'done';
  if (point === 'complete' && wanted === 'canceled') wanted = 'done';
  if (canceledFirst) wanted = 'canceled';
  held.release();
  await canceling;
  await firstCancel;

  if (wanted === 'paused') {
    expect(uploader.task(id)?.state, 'paused at once').to.equal('paused');
    await turn();
    await serverSettled(target.emulator ?? target.name, prefix);
    await turn();
    expect(uploader.task(id)?.state, 'still paused after the held answer came').to.equal('paused');
    uploader.resume(id);
    wanted = 'done';
  }
  const final = await until(uploader, id, (task) => task.state === 'done' || task.state === 'canceled' || task.state === 'failed');
  await serverSettled(target.emulator ?? target.name, prefix);
  await turn();
  recorder.stop();

  const label = `${target.name} · ${point} (${phase}) · ${action}`;
  expect(final.state, `${label}: final state (${final.error?.message ?? ''})`).to.equal(wanted);
  const events = recorder.events;
  const names = events.map((event) => event.name);
  expect(names.filter((name) => name === 'chunk-upload-success'), `${label}: success events`).to.have.length(wanted === 'done' ? 1 : 0);
  expect(names, label).not.to.include('chunk-upload-error');
  const terminal = events.findIndex((event) => {
    const detail = event.detail as { to?: string };
    return event.name === 'chunk-upload-state' && (detail.to === 'done' || detail.to === 'canceled');
  });
  const afterEnd = events.slice(terminal + 1).map((event) => event.name);
  const allowedAfterEnd = wanted === 'done' ? ['chunk-upload-progress', 'chunk-upload-success', 'chunk-queue-complete'] : ['chunk-queue-complete'];
  expect(afterEnd.filter((name) => !allowedAfterEnd.includes(name)), `${label}: events after the end`).to.deep.equal([]);
  expect(afterEnd.filter((name) => name === 'chunk-upload-progress').length, `${label}: progress after the end`).to.be.at.most(1);
  const acknowledged = events.filter((event) => event.name === 'chunk-part-complete').map((event) => (event.detail as { part: { number: number } }).part.number);
  expect(new Set(acknowledged).size, `${label}: parts acknowledged once (${acknowledged.join(',')})`).to.equal(acknowledged.length);
  // Without a server list, a part stored while its answer was cut off (pause) is sent again. With
  // two lanes, the pause also cuts off the other lane's request, which the script does not hold:
  // the server may finish storing it after the resume's list, and then it is sent again too (the
  // same bytes; nothing a browser can know about an aborted request).
  const pausing = point === 'send' && (action === 'pause' || action === 'pause-resume');
  const resendable = pausing && ((!target.lists && phase === 'after') || target.parts > 1);
  const server = target.emulator ?? target.name;
  const accepted = await partsAccepted(server, prefix);
  expect(accepted.filter((part) => part.count > (resendable ? 2 : 1)), `${label}: parts stored once`).to.deep.equal([]);
  const storedBeforeCancel = target.storesOnSend === true && point === 'send' && phase === 'after' && wanted === 'canceled';
  if (wanted === 'done' || storedBeforeCancel) {
    expect((await storedObject(server, key))?.md5, `${label}: stored object`).to.equal(await md5Hex(file));
  } else {
    expect(await storedObject(server, key), `${label}: nothing stored`).to.equal(null);
    // A begin whose answer never arrived leaves a session the engine never heard of.
    const orphanPossible = point === 'begin' && phase === 'after';
    if (target.abortable && !orphanPossible) expect(await openUploads(server, prefix), `${label}: session aborted`).to.deep.equal([]);
  }
}

describe('engine races · every await point × pause, cancel, pause+resume, concurrency', function () {
  this.timeout(60_000);
  for (const target of TARGETS) {
    for (const point of target.points) {
      it(`${target.name} · ${point}`, async () => {
        // Every phase and action races side by side: each has its own engine, transport and key.
        await Promise.all(PHASES.flatMap((phase) => ACTIONS.map((action) => race(target, point, phase, action))));
      });
    }
  }
});
