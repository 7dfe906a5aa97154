import { after, before } from 'node:test';
import type { Browser } from 'playwright';
import { launchBrowser } from './browser.js';
import { startRig, type Rig, type RigOptions } from './rig.js';

export interface SuiteWorld {
  readonly rig: Rig;
  readonly browser: Browser;
}

/**
 * The rig and one browser for the tests of the enclosing `describe`: started before its first
 * test, stopped after its last. Read `rig` and `browser` inside tests, not at declaration.
 */
export function rigAndBrowser(options: RigOptions = {}): SuiteWorld {
  let rig: Rig | undefined;
  let browser: Browser | undefined;
  before(async () => {
    rig = await startRig(options);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await rig?.close();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the suite has not started yet');
    return value;
  };
  return {
    get rig() {
      return started(rig);
    },
    get browser() {
      return started(browser);
    },
  };
}
