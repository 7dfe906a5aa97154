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

/**
 * A number with at most `digits` decimals, without Intl: the first `Intl.NumberFormat` a page
 * makes sets up ICU on the main thread (60–80 ms, measured as the element's first-render long
 * task in `npm run bench`), and both translations write numbers as plain ASCII decimals.
 */
function decimal(value: number, digits: number): string {
  const scale = 10 ** digits;
  return String(Math.round(value * scale) / scale);
}

/** Sizes in SI units (1 kB = 1000 B), as the unit names say. */
export function formatBytes(bytes: number, t: Translation): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < t.sizeUnits.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return t.sizeWithUnit(decimal(value, digits), t.sizeUnits[unit] ?? 'B');
}

/** A speed in the size units of `formatBytes`, per second. */
export function formatSpeed(bytesPerSecond: number, t: Translation): string {
  return t.perSecond(formatBytes(bytesPerSecond, t));
}

export function formatPercent(ratio: number, t: Translation): string {
  return t.percent(decimal(Math.min(1, Math.max(0, ratio)) * 100, 0));
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * A span of time to wait, coarse enough to read at a glance: seconds under a minute, minutes
 * and seconds under ten minutes, then minutes, then hours and minutes ("3 min 5 s", "3分5秒").
 * The translation spells it: `Intl.DurationFormat` was the element's largest self-time in a
 * 1 GiB profile, and making one costs a long task of its own.
 */
export function formatDuration(ms: number, t: Translation): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  if (seconds < 60) return t.duration({ seconds });
  if (seconds < 600) {
    const rest = seconds % 60;
    return t.duration(rest === 0 ? { minutes: seconds / 60 } : { minutes: Math.floor(seconds / 60), seconds: rest });
  }
  if (seconds < 3600) return t.duration({ minutes: Math.round(seconds / 60) });
  const minutes = Math.round((seconds % 3600) / 60);
  const hours = Math.floor(seconds / 3600);
  return t.duration(minutes === 0 ? { hours } : { hours, minutes });
}

/** How long ago `then` was, in words ("5 minutes ago", "5分钟前"); under a minute is "just now". */
export function formatAge(then: number, now: number, t: Translation): string {
  const elapsed = Math.max(0, now - then);
  if (elapsed < MINUTE) return t.justNow;
  if (elapsed < HOUR) return t.ago(Math.floor(elapsed / MINUTE), 'minute');
  if (elapsed < DAY) return t.ago(Math.floor(elapsed / HOUR), 'hour');
  return t.ago(Math.floor(elapsed / DAY), 'day');
}
