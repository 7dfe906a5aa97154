import { en } from './en.js';
import type { Translation } from './translation.js';
import { zhCn } from './zh-cn.js';

const SIMPLIFIED_CHINESE = /^zh(-(cn|sg|my|hans)(-|$)|$)/;

/** The translation for one BCP 47 tag, or undefined when none fits. */
export function translationFor(tag: string): Translation | undefined {
  const lower = tag.trim().toLowerCase();
  if (SIMPLIFIED_CHINESE.test(lower)) return zhCn;
  if (lower === 'en' || lower.startsWith('en-')) return en;
  return undefined;
}

/**
 * The page decides when it states a language (the element's `lang`, else the closest
 * ancestor's): a language we do not have falls back to English rather than to the browser's.
 * With no `lang` anywhere, the browser's preference list is tried in order.
 */
export function pickTranslation(documentLang: string | undefined, browserLangs: readonly string[]): Translation {
  if (documentLang !== undefined && documentLang.trim() !== '') return translationFor(documentLang) ?? en;
  for (const tag of browserLangs) {
    const found = translationFor(tag);
    if (found !== undefined) return found;
  }
  return en;
}

/** Sizes in SI units (1 kB = 1000 B), as the unit names say; numbers in the page's locale. */
export function formatBytes(bytes: number, t: Translation): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < t.sizeUnits.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  const number = new Intl.NumberFormat(t.$code, { maximumFractionDigits: digits }).format(value);
  return `${number} ${t.sizeUnits[unit] ?? 'B'}`;
}

export function formatPercent(ratio: number, t: Translation): string {
  return new Intl.NumberFormat(t.$code, { style: 'percent', maximumFractionDigits: 0 }).format(ratio);
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** How long ago `then` was, in words ("5 minutes ago", "5分钟前"); under a minute is "just now". */
export function formatAge(then: number, now: number, t: Translation): string {
  const elapsed = Math.max(0, now - then);
  if (elapsed < MINUTE) return t.justNow;
  const words = new Intl.RelativeTimeFormat(t.$code, { numeric: 'auto' });
  if (elapsed < HOUR) return words.format(-Math.floor(elapsed / MINUTE), 'minute');
  if (elapsed < DAY) return words.format(-Math.floor(elapsed / HOUR), 'hour');
  return words.format(-Math.floor(elapsed / DAY), 'day');
}
