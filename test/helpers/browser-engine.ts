/** Which engine runs this test page (the test runner starts Chromium, Firefox and WebKit). */
export type BrowserEngine = 'chromium' | 'firefox' | 'webkit';

export const browserEngine: BrowserEngine = /Firefox\//.test(navigator.userAgent)
  ? 'firefox'
  : /Chrome\//.test(navigator.userAgent)
    ? 'chromium'
    : 'webkit';

/**
 * `it`, for a test that needs something only our Chromium driver can do (`needs` says what,
 * e.g. network emulation through the DevTools protocol): skipped elsewhere, with the reason in
 * its name, so the report says what did not run where.
 */
export function itInChromium(needs: string, title: string, body: () => Promise<void>): void {
  if (browserEngine === 'chromium') it(title, body);
  else it.skip(`${title} [Chromium only: ${needs}]`, body);
}
