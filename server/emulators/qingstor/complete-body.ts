/**
 * The Complete Multipart Upload body (protocols.md 3.1): `{"object_parts":[{"part_number":0,
 * "etag":"…"},…]}`, etag optional. Strict on purpose: anything else is `invalid_request`.
 */
export interface CompletePart {
  readonly partNumber: number;
  readonly etag: string | undefined;
}

export function parseCompleteJson(text: string): CompletePart[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const list = (parsed as Record<string, unknown>).object_parts;
  if (!Array.isArray(list) || list.length === 0) return undefined;
  const parts: CompletePart[] = [];
  for (const item of list as unknown[]) {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return undefined;
    const { part_number: partNumber, etag } = item as Record<string, unknown>;
    if (typeof partNumber !== 'number' || !Number.isInteger(partNumber) || partNumber < 0 || partNumber > 10_000) return undefined;
    if (etag !== undefined && typeof etag !== 'string') return undefined;
    parts.push({ partNumber, etag });
  }
  return parts;
}

/** An HTTP entity-tag (RFC 7232 2.3): `"…"` or `W/"…"`, which is what Complete's ETag header must be. */
export function isEntityTag(value: string): boolean {
  return /^(W\/)?"[\x21\x23-\x7e\x80-\xff]*"$/.test(value);
}

export function normalEtag(etag: string): string {
  return etag.replace(/"/g, '').trim().toLowerCase();
}
