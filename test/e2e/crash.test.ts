import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext } from 'playwright';
import type { LoggedRequest } from '../../server/emulators/shared/request-log.js';
import { killProfileBrowser, launchProfile, profileBrowserPid } from './lib/browser.js';
import { interrupted, openUploader, pick, waitState } from './lib/page.js';
import { startRig, uniqueScope, until, writeRandomFile, type Rig } from './lib/rig.js';

/** src/core/journal-holder.ts JOURNAL_FLUSH_MS (not imported: that module needs the DOM types). */
const JOURNAL_FLUSH_MS = 250;
const KiB = 1024;
const MiB = 1024 * KiB;
const LANES = 2;
/** Each part (or chunk) request is held this long, so the kill lands half-way. */
const DELAY_MS = 150;
/**
 * For files of few requests: held longer, so that the kill (a poll, then a search of /proc) still
 * lands before the end on a loaded machine. The bound keeps DELAY_MS's window count, which a
 * longer hold can only undercut.
 */
const LONG_DELAY_MS = 500;

/**
 * One target's crash case. A lane may lose the `unit` (a part; for Qiniu a 4 MiB block: a ctx
 * is good for the next chunk only, so a chunk the server took whose answer the killed browser
 * never journaled makes the block start over, protocols.md 1.3). The journal writes at most
 * every JOURNAL_FLUSH_MS, so each lane may also lose the requests (`request` bytes each, a part
 * or a chunk) acknowledged within one window.
 */
interface CrashCase {
  readonly provider: string;
  readonly size: number;
  readonly unit: number;
  readonly request: number;
  /** Requests a lane may finish within one journal window (default: the window over the held delay). */
  readonly perWindow?: number;
  /** How long each request is held (default DELAY_MS). */
  readonly delayMs?: number;
  /** The share of the file sent when the browser is killed. */
  readonly killAt: number;
  /** Page attributes besides provider, endpoint, part size and lanes. */
  readonly attributes: Readonly<Record<string, string | number>>;
  /** The emulator's operations that carry the file's bytes. */
  readonly ops: readonly string[];
  /** One journal window of loss is allowed (OSS keeps the stricter bound it always had). */
  readonly window: boolean;
}

const CASES: readonly CrashCase[] = [
  { provider: 'oss', size: 24 * 256 * KiB + 777, unit: 256 * KiB, request: 256 * KiB, killAt: 0.5, attributes: { 'part-size': 256 * KiB }, ops: ['UploadPart'], window: false },
  // Killed with blocks finished and two under way: the finished ones must not go again.
  {
    provider: 'qiniu',
    size: 5 * 4 * MiB + 777,
    unit: 4 * MiB,
    request: 256 * KiB,
    killAt: 0.7,
    attributes: { 'chunk-size': '256KiB' },
    ops: ['mkblk', 'bput'],
    window: true,
  },
  { provider: 'qiniu-v2', size: 12 * MiB + 777, unit: MiB, request: MiB, delayMs: LONG_DELAY_MS, killAt: 0.5, attributes: { 'part-size': MiB }, ops: ['v2-part'], window: true },
  { provider: 'cos-v4', size: 12 * MiB + 777, unit: MiB, request: MiB, delayMs: LONG_DELAY_MS, killAt: 0.5, attributes: {}, ops: ['upload_slice_data'], window: true },
  // Parts of the smallest size these allow; killed late enough that a lost journal would show.
  { provider: 's3', size: 10 * 5 * MiB + 777, unit: 5 * MiB, request: 5 * MiB, perWindow: 1, delayMs: LONG_DELAY_MS, killAt: 0.6, attributes: { 'part-size': 5 * MiB }, ops: ['UploadPart'], window: true },
  { provider: 'qingstor', size: 10 * 4 * MiB + 777, unit: 4 * MiB, request: 4 * MiB, perWindow: 1, delayMs: LONG_DELAY_MS, killAt: 0.6, attributes: { 'part-size': 4 * MiB }, ops: ['UploadMultipart'], window: true },
  { provider: 'azure', size: 24 * 256 * KiB + 777, unit: 256 * KiB, request: 256 * KiB, killAt: 0.5, attributes: { 'part-size': 256 * KiB }, ops: ['PutBlock'], window: true },
];

/** Bytes acknowledged in one journal window across the lanes, at most. */
const windowBytes = (target: CrashCase): number => LANES * target.request * (target.perWindow ?? Math.ceil(JOURNAL_FLUSH_MS / DELAY_MS));

// Chromium only: the test SIGKILLs the browser of a persistent profile and starts a new one on
// the same profile (Playwright's launchPersistentContext). Our Firefox driver (puppeteer-core over
// BiDi) and WebKitWebDriver start each browser on a fresh profile, so there is no journal to
// come back to. The reload tests (reload, changed-file) cover the resume path in every engine.
// Two targets at a time: each case has its own profile, browser, folder, key prefix and faults
// (faults are kept per target), and most of a case is waiting on the held requests.
describe('resume after the browser process is killed half-way', { timeout: 600_000, concurrency: 2 }, () => {
  let rig: Rig;
  const contexts = new Set<BrowserContext>();

  before(async () => {
    rig = await startRig();
  });

  after(async () => {
    await Promise.all([...contexts].map((context) => context.close().catch(() => undefined)));
    await rig?.close();
  });

  for (const target of CASES) {
    const bound = LANES * target.unit + (target.window ? windowBytes(target) : 0);
    it(`${target.provider}: lists the upload in a browser relaunched on the same profile and continues it, sending again at most ${bound} bytes`, async (t) => {
      const { prefix, journal } = uniqueScope(`crash-${target.provider}`);
      const folder = await mkdtemp(join(rig.tmp, `crash-${target.provider}-`));
      const file = await writeRandomFile(join(folder, 'crash.bin'), target.size);
      const profile = join(folder, 'profile');
      const control = (command: Record<string, unknown>): Promise<unknown> => rig.servers.control({ target: target.provider, ...command } as never);
      const sent = async (): Promise<number> => {
        const requests = (await control({ cmd: 'requests', keyPrefix: prefix })) as LoggedRequest[];
        return requests.filter((request) => target.ops.includes(request.op)).reduce((sum, request) => sum + request.bytesIn, 0);
      };
      const url = rig.pageUrl({ prefix, journal, concurrency: LANES, provider: target.provider, endpoint: `${rig.servers.urls.signer}/${target.provider}`, ...target.attributes });
      for (const op of target.ops) await control({ cmd: 'fault', rule: { op, action: 'delay', delayMs: target.delayMs ?? DELAY_MS, keyPrefix: prefix } });
      const launch = async (): Promise<BrowserContext> => {
        const context = await launchProfile(profile);
        contexts.add(context);
        return context;
      };
      try {
        const firstContext = await launch();
        const first = await openUploader(firstContext, url);
        const firstPid = await profileBrowserPid(profile);

        await pick(first.page, file.path);
        await until('the file partly sent', async () => ((await sent()) >= target.size * target.killAt ? true : undefined));
        const killed = await killProfileBrowser(profile, firstPid);
        contexts.delete(firstContext);
        const sentAtKill = await sent();
        const context = await launch();
        const second = await openUploader(context, url);
        const listed = await interrupted(second.page);
        await pick(second.page, file.path);
        const task = await waitState(second.page, 'crash.bin', 'done');
        await context.close();
        contexts.delete(context);

        assert.ok(killed > 0);
        assert.ok(sentAtKill < target.size, 'the crash came before the end');
        assert.deepEqual(
          listed.map((upload) => [upload.name, upload.size]),
          [['crash.bin', target.size]],
        );
        assert.equal(task.resumed, true, 'continued the session the killed browser started');
        const sentAgain = (await sent()) - target.size;
        t.diagnostic(`${target.provider}: bytes sent again ${sentAgain} (limit ${bound})`);
        assert.ok(sentAgain <= bound, `bytes sent again: ${sentAgain} > ${bound}`);
        assert.deepEqual(second.errors, []);
        const stored = (await control({ cmd: 'object', key: `${prefix}crash.bin` })) as { md5: string } | null;
        assert.equal(stored?.md5, file.md5);
      } finally {
        await control({ cmd: 'clear-faults' });
      }
    });
  }
});
