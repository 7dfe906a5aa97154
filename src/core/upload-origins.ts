import type { Transport } from '../transport/transport.js';
import { UploadError } from '../transport/upload-error.js';

/**
 * The `uploadOrigins` allowlist: where storage requests may go. Presigned URLs and upload hosts
 * come from the signer (or from a storage answer); with an allowlist set, a request to any other
 * origin is refused before it leaves, so no byte of the file and no token reaches a host the
 * page did not name, whatever a compromised or misconfigured backend answers.
 *
 * An entry is an origin (`https://bucket.oss-cn-hangzhou.aliyuncs.com`, `http://127.0.0.1:9000`)
 * or an origin whose host starts with `*.` (`https://*.aliyuncs.com`): any subdomain, not the
 * bare domain. Scheme and port must match exactly.
 */
export interface UploadOrigins {
  /** The entries as given, for messages. */
  readonly entries: readonly string[];
  allows(url: string): boolean;
}

interface OriginPattern {
  readonly protocol: string;
  readonly port: string;
  /** The host name, or for a wildcard the suffix that follows `*`, dot included. */
  readonly host: string;
  readonly wildcard: boolean;
}

function patternOf(entry: string): OriginPattern | undefined {
  const text = entry.trim().replace(/\/$/, '');
  const match = /^(https?):\/\/(\*\.)?([^/?#*@]+)$/i.exec(text);
  if (match === null) return undefined;
  const [, scheme = '', star, rest = ''] = match;
  try {
    const url = new URL(`${scheme}://${star === undefined ? '' : 'x.'}${rest}`);
    const host = star === undefined ? url.hostname : url.hostname.slice(1);
    return { protocol: url.protocol, port: url.port, host, wildcard: star !== undefined };
  } catch {
    return undefined;
  }
}

/** Splits an attribute's text (spaces or commas between entries) into entries. */
export function splitOrigins(text: string): string[] {
  return text.split(/[\s,]+/).filter((entry) => entry !== '');
}

/** The allowlist for the entries, or the first entry that is not an origin. */
export function parseUploadOrigins(entries: readonly string[]): UploadOrigins | { readonly invalid: string } {
  const patterns: OriginPattern[] = [];
  for (const entry of entries) {
    const pattern = patternOf(entry);
    if (pattern === undefined) return { invalid: entry };
    patterns.push(pattern);
  }
  return {
    entries: [...entries],
    allows(url: string): boolean {
      let target: URL;
      try {
        target = new URL(url, globalThis.location?.href);
      } catch {
        return false;
      }
      if (target.username !== '' || target.password !== '') return false;
      return patterns.some(
        (p) =>
          p.protocol === target.protocol &&
          p.port === target.port &&
          (p.wildcard ? target.hostname.endsWith(p.host) && target.hostname.length > p.host.length : target.hostname === p.host),
      );
    },
  };
}

/** The typed error for a storage request the allowlist refuses; it names the origin, never the path or query. */
export function originRefused(url: string, origins: UploadOrigins): UploadError {
  let origin = '(not a URL)';
  try {
    origin = new URL(url, globalThis.location?.href).origin;
  } catch {
    // Keep the placeholder: the URL itself may hold a signature.
  }
  return new UploadError(
    `storage request to ${origin} refused: it is not in uploadOrigins (${origins.entries.join(' ')}). ` +
      'Add the storage origin to upload-origins, or check what the signer answers.',
    { kind: 'config', code: 'origin-not-allowed' },
  );
}

/** A transport that refuses, before sending anything, every request outside the allowlist in force. */
export function guardOrigins(transport: Transport, origins: () => UploadOrigins | undefined): Transport {
  return {
    request: (request) => {
      const allowlist = origins();
      return allowlist === undefined || allowlist.allows(request.url) ? transport.request(request) : Promise.reject(originRefused(request.url, allowlist));
    },
  };
}
