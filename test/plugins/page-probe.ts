import type { TestRunnerPlugin } from '@web/test-runner';
import type { PlaywrightLauncher } from '@web/test-runner-playwright';
import { isPlaywrightChromium } from './browsers.js';

/** What a test may ask about or do to its own page from outside it. */
export type PageProbeCommand =
  /** Dedicated workers the page runs, counted as DevTools targets. */
  | { readonly cmd: 'workers' }
  /** Playwright's clock: the page's Date.now runs `offsetMs` off real time (timers unchanged); answers the real time. */
  | { readonly cmd: 'clock-offset'; readonly offsetMs: number };

/**
 * `executeServerCommand('page-probe', command)`: Chromium only (Playwright and its DevTools
 * protocol session); a test that needs it lives in a Chromium-only group.
 */
export function pageProbePlugin(): TestRunnerPlugin {
  return {
    name: 'chunk-uploader-page-probe',
    async executeCommand({ command, payload, session }) {
      if (command !== 'page-probe') return undefined;
      if (!isPlaywrightChromium(session.browser)) {
        throw new Error(`page-probe needs Playwright's Chromium; ${session.browser.name} cannot`);
      }
      const page = (session.browser as PlaywrightLauncher).getPage(session.id);
      const probe = payload as PageProbeCommand;
      switch (probe.cmd) {
        case 'workers': {
          const cdp = await page.context().newCDPSession(page);
          try {
            await cdp.send('Target.setDiscoverTargets', { discover: true });
            const { targetInfos } = await cdp.send('Target.getTargets');
            return targetInfos.filter((target) => target.type === 'worker').length;
          } finally {
            await cdp.detach();
          }
        }
        case 'clock-offset':
          await page.clock.setSystemTime(Date.now() + probe.offsetMs);
          // The real time, for the test to see how far off the page now is.
          return Date.now();
        default:
          throw new Error(`unknown page-probe command ${JSON.stringify(probe)}`);
      }
    },
  };
}
