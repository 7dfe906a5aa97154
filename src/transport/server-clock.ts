/**
 * Server time, as far as this page knows it. A browser's clock may be hours off; every expiry
 * the engine decides on (presigned URLs, Qiniu tokens and ctx `expired_at`, COS signatures,
 * Azure SAS, backend session tokens) is server time. The signer's `Date` header (the reference
 * server exposes it to CORS) tells the offset; an answer's relative `expiresIn` (seconds)
 * needs none. Page-wide: one page has one clock, whatever engines it runs.
 */
let offsetMs = 0;

/** `serverTime - Date.now()` as last learnt, in ms. */
export function serverClockOffset(): number {
  return offsetMs;
}

/** Now, in server Unix ms. */
export function serverNow(): number {
  return Date.now() + offsetMs;
}

/**
 * Learns the offset from a `Date` header received at `receivedAt` (this page's ms). The header
 * has whole seconds, so the server's time was in [date, date + 1 s): the middle is taken.
 */
export function learnServerTime(dateHeader: string | null, receivedAt: number = Date.now()): void {
  if (dateHeader === null) return;
  const date = Date.parse(dateHeader);
  if (!Number.isFinite(date)) return;
  offsetMs = date + 500 - receivedAt;
}

/** For tests: forget what was learnt. */
export function resetServerClock(): void {
  offsetMs = 0;
}

const EXPIRY_FIELDS = ['expiresAt', 'sessionExpiresAt'] as const;
const localized = new WeakSet<object>();

/**
 * A signer's answer with its expiries in this page's clock: `expiresAt` and
 * `sessionExpiresAt` (server Unix ms) moved by the offset, an `expiresIn` (seconds from now)
 * turned into an `expiresAt`; nested objects and arrays (batches) too. The adapters then
 * compare them with `Date.now()`. An answer is moved once, however many wrappers it passes.
 */
export function localizeExpiries(answer: unknown, receivedAt: number = Date.now(), depth = 0): unknown {
  if (typeof answer !== 'object' || answer === null || localized.has(answer) || depth > 3) return answer;
  let out: unknown;
  if (Array.isArray(answer)) {
    out = answer.map((item: unknown) => localizeExpiries(item, receivedAt, depth + 1));
  } else {
    const record: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(answer as Record<string, unknown>)) {
      record[name] = localizeExpiries(value, receivedAt, depth + 1);
    }
    for (const field of EXPIRY_FIELDS) {
      const value = record[field];
      if (typeof value === 'number' && Number.isFinite(value)) record[field] = value - offsetMs;
    }
    const expiresIn = record.expiresIn;
    if (typeof expiresIn === 'number' && Number.isFinite(expiresIn)) record.expiresAt = receivedAt + expiresIn * 1000;
    out = record;
  }
  localized.add(out as object);
  return out;
}
