import type { TestRunnerPlugin } from '@web/test-runner';
import type { PlaywrightLauncher } from '@web/test-runner-playwright';
import { isPlaywrightChromium } from './browsers.js';
import type { CDPSession } from 'playwright';

/**
 * What a test may ask of the page's network: to be told it is offline, and an upload cap in
 * bytes per second for requests to `origins` (the emulators), never for the test runner's.
 */
export interface NetworkConditions {
  readonly offline?: boolean;
  readonly uploadBytesPerSecond?: number;
  readonly origins?: readonly string[];
}

/**
 * `executeServerCommand('network', conditions)` sets the test page's network through
 * Chromium's DevTools protocol; `{}` restores it. Offline is `Network.overrideNetworkState`:
 * `navigator.onLine` turns false and `offline` fires, but the link itself keeps working, so a
 * request the page sends anyway reaches the server and shows in its log (a test of "nothing is
 * sent" that could not pass by accident), and the test runner's own socket is unaffected.
 */
/** A loopback server answers as 127.0.0.1 and as localhost (signers hand out either). */
function loopbackPatterns(origins: readonly string[]): string[] {
  const ports = new Set(origins.map((origin) => new URL(origin).port));
  return [...ports].flatMap((port) => [`http://127.0.0.1:${port}/*`, `http://localhost:${port}/*`]);
}

export function networkPlugin(): TestRunnerPlugin {
  const sessions = new Map<string, CDPSession>();
  return {
    name: 'chunk-uploader-network',
    async executeCommand({ command, payload, session }) {
      if (command !== 'network') return undefined;
      const conditions = (payload ?? {}) as NetworkConditions;
      if (!isPlaywrightChromium(session.browser)) {
        // Firefox and WebKit are driven without the DevTools protocol: nothing was changed, so
        // a reset (`{}`) is a no-op, and a test that needs conditions runs in Chromium only
        // (itInChromium, test/helpers/browser-engine.ts).
        if (conditions.offline !== true && conditions.uploadBytesPerSecond === undefined) return true;
        throw new Error(`network emulation needs Chromium's DevTools protocol; ${session.browser.name} cannot`);
      }
      const page = (session.browser as PlaywrightLauncher).getPage(session.id);
      let cdp = sessions.get(session.id);
      if (cdp === undefined) {
        cdp = await page.context().newCDPSession(page);
        sessions.set(session.id, cdp);
      }
      await cdp.send('Network.enable');
      await cdp.send('Network.overrideNetworkState', {
        offline: conditions.offline === true,
        latency: 0,
        downloadThroughput: -1,
        uploadThroughput: -1,
      });
      const cap = conditions.uploadBytesPerSecond;
      await cdp.send('Network.emulateNetworkConditionsByRule', {
        offline: false,
        matchedNetworkConditions:
          cap === undefined
            ? []
            : loopbackPatterns(conditions.origins ?? []).map((urlPattern) => ({
                urlPattern,
                latency: 0,
                downloadThroughput: -1,
                uploadThroughput: cap,
              })),
      });
      return true;
    },
  };
}
