const UNITS: Readonly<Record<string, number>> = {
  '': 1,
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
};

/**
 * A byte count from a number or from text such as `8388608`, `8MiB`, `5 MB` or `1.5GiB`
 * (kB/MB/GB are powers of 1000, KiB/MiB/GiB powers of 1024; case does not matter).
 * Undefined when the value is not a whole, non-negative, safe number of bytes.
 */
export function parseSize(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(value.trim());
  if (match === null) return undefined;
  const [, digits = '', unit = ''] = match;
  const scale = UNITS[unit.toLowerCase()];
  if (scale === undefined) return undefined;
  const bytes = Number(digits) * scale;
  const whole = Math.round(bytes);
  // Decimal fractions are inexact in binary: 1.1MB is 1100000.0000000002 before rounding.
  if (Math.abs(bytes - whole) > 1e-6 || !Number.isSafeInteger(whole)) return undefined;
  return whole;
}

/** A whole number from a number or its decimal text; undefined otherwise. */
export function parseWhole(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : undefined;
  if (typeof value !== 'string' || !/^\s*[+-]?\d+\s*$/.test(value)) return undefined;
  const parsed = Number(value);
  return Number.isSafeInteger(parsed) ? parsed : undefined;
}
