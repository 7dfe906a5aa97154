import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { E2eGlobal } from './page/api.js';
import { openUploader, pick, waitState } from './lib/page.js';
import { rigAndBrowser } from './lib/suite.js';
import { emulator, uniqueScope } from './lib/rig.js';

const PART = 512 * 1024;
const SIZE = 9 * PART + 4321;

/** The smallest valid WebAssembly module: compiling it is what 'wasm-unsafe-eval' governs. */
const EMPTY_WASM_MODULE = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

// Chromium only for now: it reads CSP violations through an init script (Playwright's
// addInitScript), which our WebKit driver has no equivalent for. Not yet ported to Firefox.
describe('a page under a strict Content-Security-Policy', { timeout: 300_000 }, () => {
  // The policy comes with the page, its modules and the hash worker, as from a locked-down
  // site (served by the same origin: a page Playwright fulfils itself counts as public and
  // may not call the loopback servers at all).
  const world = rigAndBrowser({ strictCsp: true });

  it('hashes every part and the whole file without WebAssembly, and the upload is intact', async () => {
    const { prefix, journal } = uniqueScope('csp');
    const file = await world.rig.makeFile('locked-down.bin', SIZE);
    const storage = emulator(world.rig.servers);
    const url = world.rig.pageUrl({ prefix, journal, 'part-size': PART, concurrency: 3, 'file-md5': '' });
    const context = await world.browser.newContext();
    // Vite's own dev client tries a WebSocket the policy forbids; that is the harness, not us.
    await context.addInitScript({
      content: `globalThis.cspViolations = [];
        document.addEventListener('securitypolicyviolation', (e) => {
          if (!e.sourceFile.includes('/@vite/client')) globalThis.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile);
        });`,
    });
    const { page, errors } = await openUploader(context, url);

    await pick(page, file.path);
    await waitState(page, 'locked-down.bin', 'done');
    const violations = await page.evaluate(() => (globalThis as unknown as { cspViolations: string[] }).cspViolations);
    const reported = await page.evaluate(
      () => (globalThis as unknown as E2eGlobal).e2e.events.find((event) => event.type === 'chunk-upload-success')?.to,
    );
    const wasm = await page.evaluate(async (bytes) => {
      try {
        await (globalThis as unknown as { WebAssembly: { compile(code: Uint8Array): Promise<unknown> } }).WebAssembly.compile(new Uint8Array(bytes));
        return 'compiled';
      } catch (error) {
        return (error as Error).name;
      }
    }, EMPTY_WASM_MODULE);

    assert.notEqual(wasm, 'compiled', 'the policy really forbids WebAssembly on this page');
    assert.deepEqual(violations, [], 'the uploader broke no rule of the policy');
    assert.deepEqual(errors, []);
    const parts = await storage.partRequests(prefix);
    assert.equal(parts.filter((request) => request.status === 200).length, 10);
    assert.deepEqual(
      parts.map((request) => request.digest),
      parts.map(() => 'valid'),
      'every part carried a correct Content-MD5',
    );
    assert.equal(reported, file.md5, 'the whole-file MD5 reported in the success event');
    assert.equal(await storage.storedMd5(`${prefix}locked-down.bin`), file.md5);
    await context.close();
  });
});
