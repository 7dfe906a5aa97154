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
 * Intl formatters, made once per locale and options: making one costs far more than using it,
 * and a row is formatted up to sixty times a second.
 */
const formatters = new Map<string, Intl.NumberFormat>();
function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let found = formatters.get(key);
  if (found === undefined) {
    found = new Intl.NumberFormat(locale, options);
    formatters.set(key, found);
  }
  return found;
}

const relativeTimes = new Map<string, Intl.RelativeTimeFormat>();
function relativeTimeFormat(locale: string): Intl.RelativeTimeFormat {
  let found = relativeTimes.get(locale);
  if (found === undefined) {
    found = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
    relativeTimes.set(locale, found);
  }
  return found;
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
  const number = numberFormat(t.$code, { maximumFractionDigits: digits }).format(value);
  return t.sizeWithUnit(number, t.sizeUnits[unit] ?? 'B');
}

/** A speed in the size units of `formatBytes`, per second. */
export function formatSpeed(bytesPerSecond: number, t: Translation): string {
  return t.perSecond(formatBytes(bytesPerSecond, t));
}

export function formatPercent(ratio: number, t: Translation): string {
  return numberFormat(t.$code, { style: 'percent', maximumFractionDigits: 0 }).format(ratio);
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The parts of `Intl.DurationFormat` used here (Chromium 129+, Firefox 136+, Safari 16.4+). */
interface DurationFormat {
  format(duration: { hours?: number; minutes?: number; seconds?: number }): string;
}
type DurationFormatConstructor = new (locale: string, options: { style: 'narrow' | 'short' }) => DurationFormat;

const durationFormats = new Map<string, DurationFormat>();
function durationFormat(locale: string): DurationFormat | undefined {
  const Constructor = (Intl as unknown as { DurationFormat?: DurationFormatConstructor }).DurationFormat;
  if (Constructor === undefined) return undefined;
  let found = durationFormats.get(locale);
  if (found === undefined) {
    found = new Constructor(locale, { style: 'narrow' });
    durationFormats.set(locale, found);
  }
  return found;
}

/**
 * A span of time to wait, coarse enough to read at a glance: seconds under a minute, minutes
 * and seconds under ten minutes, then minutes, then hours and minutes ("3 min 5 s", "3分5秒").
 */
export function formatDuration(ms: number, t: Translation): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  // Intl.DurationFormat#format was the element's largest self-time in a 1 GiB profile: every
  // row re-renders each second with one of a few hundred distinct whole-second values.
  const key = `${t.$code}|${seconds}`;
  const known = durationTexts.get(key);
  if (known !== undefined) return known;
  const text = spellDuration(seconds, t);
  if (durationTexts.size >= 512) durationTexts.clear();
  durationTexts.set(key, text);
  return text;
}

const durationTexts = new Map<string, string>();

function spellDuration(seconds: number, t: Translation): string {
  const parts =
    seconds < 60
      ? { seconds }
      : seconds < 600
        ? { minutes: Math.floor(seconds / 60), seconds: seconds % 60 }
        : seconds < 3600
          ? { minutes: Math.round(seconds / 60) }
          : { hours: Math.floor(seconds / 3600), minutes: Math.round((seconds % 3600) / 60) };
  const clean = Object.fromEntries(Object.entries(parts).filter(([unit, value]) => value > 0 || unit === 'seconds')) as typeof parts;
  const format = durationFormat(t.$code);
  if (format !== undefined) return format.format(clean);
  const units: Record<string, string> = { hours: 'hour', minutes: 'minute', seconds: 'second' };
  return Object.entries(clean)
    .map(([unit, value]) => numberFormat(t.$code, { style: 'unit', unit: units[unit] ?? 'second', unitDisplay: 'narrow' }).format(value))
    .join(' ');
}

/** How long ago `then` was, in words ("5 minutes ago", "5分钟前"); under a minute is "just now". */
export function formatAge(then: number, now: number, t: Translation): string {
  const elapsed = Math.max(0, now - then);
  if (elapsed < MINUTE) return t.justNow;
  const words = relativeTimeFormat(t.$code);
  if (elapsed < HOUR) return words.format(-Math.floor(elapsed / MINUTE), 'minute');
  if (elapsed < DAY) return words.format(-Math.floor(elapsed / HOUR), 'hour');
  return words.format(-Math.floor(elapsed / DAY), 'day');
}
