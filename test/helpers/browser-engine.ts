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
  // Skipped: other engines' drivers cannot do `needs` (DevTools-protocol features).
  else it.skip(`${title} [Chromium only: ${needs}]`, body);
}

/** `describe`, for a suite that needs only Chromium's driver (`needs` says what), skipped elsewhere. */
export function describeInChromium(needs: string, title: string, body: () => void): void {
  if (browserEngine === 'chromium') describe(title, body);
  // Skipped: other engines' drivers cannot do `needs` (DevTools-protocol features).
  else describe.skip(`${title} [Chromium only: ${needs}]`, body);
}

/** `it`, skipped (with `why` in its name) in the engines listed: a known engine difference. */
export function itExceptIn(engines: readonly BrowserEngine[], why: string, title: string, body: () => Promise<void>): void {
  if (!engines.includes(browserEngine)) it(title, body);
  // Skipped: a documented engine difference (`why`, shown in the report).
  else it.skip(`${title} [not in ${browserEngine}: ${why}]`, body);
}
