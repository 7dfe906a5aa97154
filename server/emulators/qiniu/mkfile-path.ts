import { fromUrlSafeBase64 } from '../../verify/qiniu.js';

/** The parts of `/mkfile/<fileSize>[/key/<b64>][/fname/<b64>][/mimeType/<b64>][/x:<n>/<b64>]…[/x-qn-meta-<n>/<b64>]…`. */
export interface MkfilePath {
  readonly fileSize: number;
  readonly key: string | undefined;
  readonly fname: string | undefined;
  readonly mimeType: string | undefined;
  readonly vars: Readonly<Record<string, string>>;
  readonly meta: Readonly<Record<string, string>>;
}

/** Parses an mkfile path strictly: unknown segment names or values that are not base64 are refused. */
export function parseMkfilePath(pathname: string): MkfilePath | undefined {
  const segments = pathname.split('/').slice(1);
  if (segments[0] !== 'mkfile' || segments.length % 2 !== 0) return undefined;
  const sizeText = segments[1] ?? '';
  if (!/^\d+$/.test(sizeText)) return undefined;
  const out = { fileSize: Number(sizeText), key: undefined as string | undefined, fname: undefined as string | undefined, mimeType: undefined as string | undefined };
  const vars: Record<string, string> = {};
  const meta: Record<string, string> = {};
  for (let i = 2; i < segments.length; i += 2) {
    let name: string;
    try {
      // qiniu-js 2.x percent-encodes `x:foo` as `x%3Afoo`; the Node SDK sends it raw (1.3).
      name = decodeURIComponent(segments[i] ?? '');
    } catch {
      return undefined;
    }
    const decoded = fromUrlSafeBase64(segments[i + 1] ?? '');
    if (decoded === undefined) return undefined;
    const value = decoded.toString('utf8');
    if (name === 'key') out.key = value;
    else if (name === 'fname') out.fname = value;
    else if (name === 'mimeType') out.mimeType = value;
    else if (/^x:[A-Za-z0-9_.-]+$/.test(name)) vars[name] = value;
    else if (/^x-qn-meta-[A-Za-z0-9_.-]+$/i.test(name)) meta[name.toLowerCase()] = value;
    else return undefined;
  }
  return { ...out, vars, meta };
}

/** `image/*;video/mp4` allows those; `!application/json;text/plain` forbids those (put-policy.md). */
export function mimeAllowed(limit: string, mime: string): boolean {
  const negate = limit.startsWith('!');
  const patterns = (negate ? limit.slice(1) : limit).split(';').map((p) => p.trim().toLowerCase()).filter((p) => p !== '');
  const type = mime.toLowerCase();
  const hit = patterns.some((p) => (p.endsWith('/*') ? type.startsWith(p.slice(0, -1)) : p === type));
  return negate ? !hit : hit;
}

export interface MagicValues {
  readonly [name: string]: string | number | undefined;
}

/**
 * Renders a returnBody template: each `$(name)` becomes the JSON form of its value (a quoted
 * string or a number), unknown ones `null`. The result must parse as JSON, as Qiniu requires.
 */
export function renderReturnBody(template: string, values: MagicValues): string {
  return template.replace(/\$\(([^)]+)\)/g, (_all, name: string) => {
    const value = values[name];
    return value === undefined ? 'null' : JSON.stringify(value);
  });
}
