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

const toUrl = (url: string): URL | undefined => {
  try {
    return new URL(url, globalThis.location?.href);
  } catch {
    return undefined;
  }
};

/** A test for one entry, or undefined when the entry is not an origin. */
function matcherOf(entry: string): ((url: URL) => boolean) | undefined {
  const match = /^(https?:\/\/)(\*\.)?([^/?#*@]+)\/?$/i.exec(entry.trim());
  const origin = match === null ? undefined : toUrl(`${match[1]}${match[2] === undefined ? '' : 'x.'}${match[3]}`);
  if (match === null || origin === undefined) return undefined;
  if (match[2] === undefined) return (url) => url.origin === origin.origin;
  // `.host:port` (the port only when not the scheme's default, as URL.host writes it).
  const suffix = origin.host.slice(1);
  return (url) => url.protocol === origin.protocol && url.host.endsWith(suffix) && url.host.length > suffix.length;
}

/** Splits an attribute's text (spaces or commas between entries) into entries. */
export function splitOrigins(text: string): string[] {
  return text.split(/[\s,]+/).filter((entry) => entry !== '');
}

/** The allowlist for the entries, or the first entry that is not an origin. */
export function parseUploadOrigins(entries: readonly string[]): UploadOrigins | { readonly invalid: string } {
  const matchers: ((url: URL) => boolean)[] = [];
  for (const entry of entries) {
    const matcher = matcherOf(entry);
    if (matcher === undefined) return { invalid: entry };
    matchers.push(matcher);
  }
  return {
    entries: [...entries],
    allows(url) {
      const target = toUrl(url);
      return target !== undefined && target.username === '' && target.password === '' && matchers.some((matches) => matches(target));
    },
  };
}

/** A transport that refuses, before sending anything, every request outside the allowlist in force. */
export function guardOrigins(transport: Transport, origins: () => UploadOrigins | undefined): Transport {
  return {
    request: (request) => {
      const allowlist = origins();
      if (allowlist === undefined || allowlist.allows(request.url)) return transport.request(request);
      // The origin only: the rest of a presigned URL is a credential.
      const error = new UploadError(`${toUrl(request.url)?.origin ?? 'a URL'} is not in uploadOrigins (${allowlist.entries.join(' ')})`, {
        kind: 'config',
        code: 'origin-not-allowed',
      });
      return Promise.reject(error);
    },
  };
}
