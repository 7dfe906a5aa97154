/**
 * The `<CompleteMultipartUpload>` body OSS and S3 share. Strict on purpose: anything that is
 * not a list of parts with an integer PartNumber and an ETag is MalformedXML.
 */
export interface CompletePart {
  readonly partNumber: number;
  readonly etag: string;
  /** S3's per-part checksums by element name (`ChecksumCRC32` → base64 value). */
  readonly checksums: ReadonlyMap<string, string>;
}

export function parseCompleteBody(xml: string): CompletePart[] | undefined {
  const body = xml.replace(/^\s*<\?xml[^>]*\?>/, '').trim();
  const root = /^<CompleteMultipartUpload(?:\s[^>]*)?>([\s\S]*)<\/CompleteMultipartUpload>$/.exec(body);
  if (root === null) return undefined;
  const inner = root[1] ?? '';
  const parts: CompletePart[] = [];
  const pattern = /<Part>([\s\S]*?)<\/Part>/g;
  let consumed = '';
  for (let match = pattern.exec(inner); match !== null; match = pattern.exec(inner)) {
    consumed += match[0];
    const number = /<PartNumber>\s*(\d+)\s*<\/PartNumber>/.exec(match[1] ?? '');
    const etag = /<ETag>([\s\S]*?)<\/ETag>/.exec(match[1] ?? '');
    if (number === null || etag === null) return undefined;
    const checksums = new Map<string, string>();
    for (const [, name = '', value = ''] of (match[1] ?? '').matchAll(/<(Checksum[A-Z0-9]+)>([^<]*)<\/\1>/g)) checksums.set(name, value.trim());
    parts.push({ partNumber: Number(number[1]), etag: unescape(etag[1] ?? '').trim(), checksums });
  }
  if (inner.replace(/\s+/g, '') !== consumed.replace(/\s+/g, '')) return undefined;
  return parts;
}

function unescape(text: string): string {
  return text.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
