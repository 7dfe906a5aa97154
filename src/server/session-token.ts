/**
 * The upload session token: issued at `initiate` (or at a target's first `token`/`sign`), it
 * binds every later operation to the user, key, upload, target and declared size it was issued
 * for. It is `<payload>.<mac>`, both base64url, the MAC an HMAC-SHA-256 with the server's secret
 * over the payload, so the browser can carry it but not change it. Web Crypto only: it runs in
 * Node, Deno, Bun and edge runtimes alike.
 */
export interface SessionClaims {
  /** The principal's id, as `authorize` returned it. */
  readonly principal: string;
  readonly provider: string;
  readonly key: string;
  /** The storage's upload id; empty for targets whose browser holds the session (Qiniu, COS v4). */
  readonly uploadId: string;
  /** The file size declared at initiate, in bytes. */
  readonly size: number;
  /** Unix milliseconds. */
  readonly expiresAt: number;
}

export type SessionCheck =
  | { readonly ok: true; readonly claims: SessionClaims }
  | { readonly ok: false; readonly reason: 'malformed' | 'forged' | 'expired' };

const encoder = new TextEncoder();

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64url(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return undefined;
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    return Uint8Array.from(binary, (char) => char.charCodeAt(0));
  } catch {
    return undefined;
  }
}

export interface SessionTokens {
  issue(claims: SessionClaims): Promise<string>;
  verify(token: string, nowMs: number): Promise<SessionCheck>;
}

/** At least 32 bytes of secret: a shorter HMAC key is guessable offline from one token. */
export const MIN_SECRET_BYTES = 32;

export function createSessionTokens(secret: string | Uint8Array): SessionTokens {
  const raw = typeof secret === 'string' ? encoder.encode(secret) : secret;
  if (raw.byteLength < MIN_SECRET_BYTES) {
    throw new TypeError(`chunk-uploader/server: secret must be at least ${MIN_SECRET_BYTES} bytes; generate one with crypto.randomBytes(32)`);
  }
  const keyBytes = new Uint8Array(raw);
  const key = crypto.subtle.importKey('raw', keyBytes, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);

  return {
    async issue(claims) {
      const payload = base64url(
        encoder.encode(
          JSON.stringify({ v: 1, p: claims.principal, t: claims.provider, k: claims.key, u: claims.uploadId, s: claims.size, e: claims.expiresAt }),
        ),
      );
      const mac = new Uint8Array(await crypto.subtle.sign('HMAC', await key, encoder.encode(payload)));
      return `${payload}.${base64url(mac)}`;
    },

    async verify(token, nowMs) {
      const [payload, macText, extra] = token.split('.');
      const mac = macText === undefined ? undefined : fromBase64url(macText);
      if (payload === undefined || mac === undefined || extra !== undefined || mac.byteLength !== 32) return { ok: false, reason: 'malformed' };
      // subtle.verify compares in constant time.
      if (!(await crypto.subtle.verify('HMAC', await key, new Uint8Array(mac), encoder.encode(payload)))) return { ok: false, reason: 'forged' };
      const decoded = fromBase64url(payload);
      const claims = decoded === undefined ? undefined : parseClaims(new TextDecoder().decode(decoded));
      if (claims === undefined) return { ok: false, reason: 'malformed' };
      if (claims.expiresAt <= nowMs) return { ok: false, reason: 'expired' };
      return { ok: true, claims };
    },
  };
}

function parseClaims(json: string): SessionClaims | undefined {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { v, p, t, k, u, s, e } = value as Record<string, unknown>;
  if (v !== 1 || typeof p !== 'string' || typeof t !== 'string' || typeof k !== 'string' || typeof u !== 'string') return undefined;
  if (typeof s !== 'number' || typeof e !== 'number') return undefined;
  return { principal: p, provider: t, key: k, uploadId: u, size: s, expiresAt: e };
}
