/**
 * Server time, as far as this page knows it. A browser's clock may be hours off; every expiry
 * the engine decides on (presigned URLs, Qiniu tokens and ctx `expired_at`, COS signatures,
 * Azure SAS, backend session tokens) is server time. The signer's `Date` header (the reference
 * server exposes it to CORS) tells the offset; an answer's relative `expiresIn` (seconds)
 * needs none. Page-wide: one page has one clock, whatever engines it runs.
 */
let offsetMs = 0;

/** Now, in server Unix ms. */
export const serverNow = (): number => Date.now() + offsetMs;

/**
 * Learns the offset from a `Date` header received now. The header has whole seconds, so the
 * server's time was in [date, date + 1 s): the middle is taken.
 */
export function learnServerTime(dateHeader: string | null): void {
  const date = Date.parse(dateHeader ?? '');
  if (Number.isFinite(date)) offsetMs = date + 500 - Date.now();
}

const localized = new WeakSet<object>();

/**
 * A signer's answer with its expiries in this page's clock: `expiresAt` and
 * `sessionExpiresAt` (server Unix ms) moved by the offset, an `expiresIn` (seconds from now)
 * turned into an `expiresAt`; nested objects and arrays (batches) too. The adapters then
 * compare them with `Date.now()`. An answer is moved once, however many wrappers it passes.
 */
export function localizeExpiries(answer: unknown, depth = 0): unknown {
  if (typeof answer !== 'object' || answer === null || localized.has(answer) || depth > 3) return answer;
  const out: Record<string, unknown> | unknown[] = Array.isArray(answer) ? [] : {};
  for (const [name, value] of Object.entries(answer)) {
    (out as Record<string, unknown>)[name] =
      typeof value === 'number' && (name === 'expiresAt' || name === 'sessionExpiresAt') ? value - offsetMs : localizeExpiries(value, depth + 1);
  }
  const record = out as Record<string, unknown>;
  if (typeof record.expiresIn === 'number') record.expiresAt = Date.now() + record.expiresIn * 1000;
  localized.add(out);
  return out;
}
