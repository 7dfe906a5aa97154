import { html, nothing, type TemplateResult } from 'lit';
import { formatBytes } from '../i18n/localize.js';
import type { RejectReason, Translation } from '../i18n/translation.js';
import type { Problem } from '../settings.js';

/** Something the user should know that belongs to no row. */
export type Notice =
  | { readonly kind: 'not-configured' }
  | { readonly kind: 'rejected'; readonly name: string; readonly reason: RejectReason; readonly limit: number }
  | { readonly kind: 'resume-refused' | 'resume-missing'; readonly name: string }
  | { readonly kind: 'too-many'; readonly turnedAway: number; readonly limit: number }
  | { readonly kind: 'bad-max-files'; readonly value: string };

export function noticeText(t: Translation, notice: Notice): string {
  switch (notice.kind) {
    case 'not-configured':
      return t.notConfigured;
    case 'rejected':
      return t.rejected(notice.name, notice.reason, formatBytes(notice.limit, t));
    case 'resume-refused':
      return t.resumeRefused(notice.name);
    case 'resume-missing':
      return t.resumeMissing(notice.name);
    case 'too-many':
      return t.tooManyFiles(notice.turnedAway, notice.limit);
    case 'bad-max-files':
      return t.badMaxFiles(notice.value);
  }
}

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
    ...notices.map((notice) => noticeText(t, notice)),
  ];
}

/**
 * Settings problems and turned-away files, visible until fixed or until the next add. Not a
 * live region itself: the element's polite region announces the same sentences once.
 */
export function messages(lines: readonly string[], dir: 'ltr' | 'rtl'): TemplateResult | typeof nothing {
  if (lines.length === 0) return nothing;
  return html`<div part="message" class="message">${lines.map((line) => html`<p dir=${dir}>${line}</p>`)}</div>`;
}

/**
 * The journal fell back to memory (IndexedDB missing, blocked or full): uploads work, but
 * will not continue after a reload. Shown for as long as the engine runs that way.
 */
export function journalNotice(t: Translation, shown: boolean): TemplateResult | typeof nothing {
  if (!shown) return nothing;
  return html`<p part="notice" class="notice" dir=${t.$dir}>${t.journalFallback}</p>`;
}
