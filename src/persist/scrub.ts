import type { JsonValue } from '../contracts/json.js';

const SECRET_FIELD = /^(token|uptoken|sign|signature|credential|credentials|secret|authorization|securityToken|sessionToken)$/i;

/**
 * A copy of journaled data that holds no secret: URLs lose their query, and secret-named
 * fields survive only next to an `expiresAt` (Unix ms) still in the future. Applied on every
 * journal write and read, so an adapter's mistake cannot leak into storage.
 */
export function scrub<T extends JsonValue | undefined>(value: T, nowMs: number): T {
  return scrubValue(value, nowMs) as T;
}

function scrubValue(value: JsonValue | undefined, nowMs: number): JsonValue | undefined {
  if (typeof value === 'string') return /^https?:\/\//i.test(value) ? value.split(/[?#]/, 1)[0] : value;
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, nowMs) ?? null);
  if (value === null || typeof value !== 'object') return value;
  const record = value as { readonly [key: string]: JsonValue };
  const expiresAt = record.expiresAt;
  const fresh = typeof expiresAt === 'number' && expiresAt > nowMs;
  const out: Record<string, JsonValue> = {};
  for (const [key, item] of Object.entries(record)) {
    if (SECRET_FIELD.test(key) && !fresh) continue;
    const cleaned = scrubValue(item, nowMs);
    if (cleaned !== undefined) out[key] = cleaned;
  }
  return out;
}
