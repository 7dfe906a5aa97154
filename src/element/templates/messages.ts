import { html, nothing, type TemplateResult } from 'lit';
import { formatBytes } from '../i18n/localize.js';
import type { RejectReason, Translation } from '../i18n/translation.js';
import type { Problem } from '../settings.js';

/** Something the user should know that belongs to no row. */
export type Notice =
  | { readonly kind: 'not-configured' }
  | { readonly kind: 'rejected'; readonly name: string; readonly reason: RejectReason; readonly limit: number };

/** Kept structured and translated at render time, so a language change rewrites them. */
export function messageLines(
  t: Translation,
  problems: readonly Problem[],
  refusal: string | undefined,
  notices: readonly Notice[],
): string[] {
  return [
    ...problems.map((p) => t.invalidAttribute(p.attribute, p.value)),
    ...(refusal === undefined ? [] : [t.settingsRefused(refusal)]),
    ...notices.map((n) => (n.kind === 'not-configured' ? t.notConfigured : t.rejected(n.name, n.reason, formatBytes(n.limit, t)))),
  ];
}

/**
 * Settings problems and turned-away files, visible until fixed or until the next add. Not a
 * live region itself: the element's polite region announces the same sentences once.
 */
export function messages(lines: readonly string[]): TemplateResult | typeof nothing {
  if (lines.length === 0) return nothing;
  return html`<div part="message" class="message">${lines.map((line) => html`<p>${line}</p>`)}</div>`;
}
