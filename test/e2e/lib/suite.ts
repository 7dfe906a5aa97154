import { after, before } from 'node:test';
import type { Browser } from 'playwright';
import type { Engine } from '../../plugins/browsers.js';
import { launchBrowser } from './browser.js';
import { launchEngine, type EngineBrowser } from './engines.js';
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

export interface EngineWorld {
  readonly rig: Rig;
  readonly browser: EngineBrowser;
}

/** As rigAndBrowser, with a browser of any engine (lib/engines.ts). */
export function rigAndEngine(engine: Engine, options: RigOptions = {}): EngineWorld {
  let rig: Rig | undefined;
  let browser: EngineBrowser | undefined;
  before(async () => {
    rig = await startRig(options);
    browser = await launchEngine(engine);
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
