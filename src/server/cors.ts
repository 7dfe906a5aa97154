/**
 * CORS by allowlist. An origin on the list gets its own origin back, with credentials allowed
 * (cookies across origins, `signer-credentials="include"`); any other origin gets no CORS
 * headers at all, and its requests are refused before they reach `authorize`.
 */
export type AllowedOrigins = readonly string[] | ((origin: string) => boolean);

export interface CorsDecision {
  /** No Origin header: not a cross-origin browser request (curl, a server, same-origin GET). */
  readonly present: boolean;
  readonly allowed: boolean;
  readonly origin: string;
}

export function decideCors(request: Request, allowed: AllowedOrigins | undefined): CorsDecision {
  const origin = request.headers.get('origin');
  if (origin === null) return { present: false, allowed: true, origin: '' };
  let sameOrigin: boolean;
  try {
    sameOrigin = new URL(request.url).origin === origin;
  } catch {
    sameOrigin = false;
  }
  const listed = typeof allowed === 'function' ? allowed(origin) : (allowed ?? []).includes(origin);
  return { present: true, allowed: sameOrigin || listed, origin };
}

/** Headers for an allowed cross-origin answer; `Date` is exposed so the client can read server time. */
export function corsHeaders(decision: CorsDecision): Record<string, string> {
  if (!decision.present || !decision.allowed) return { Vary: 'Origin' };
  return {
    'Access-Control-Allow-Origin': decision.origin,
    'Access-Control-Allow-Credentials': 'true',
    'Access-Control-Expose-Headers': 'Date, Retry-After',
    Vary: 'Origin',
  };
}

/** The answer to a preflight from an allowed origin: POST with the headers it asked for. */
export function preflightHeaders(decision: CorsDecision, request: Request): Record<string, string> {
  const asked = request.headers.get('access-control-request-headers');
  return {
    ...corsHeaders(decision),
    'Access-Control-Allow-Methods': 'POST',
    'Access-Control-Allow-Headers': asked === null || asked.trim() === '' ? 'content-type' : asked,
    'Access-Control-Max-Age': '600',
    Vary: 'Origin, Access-Control-Request-Headers',
  };
}

/** Loopback pages on any port (the playground and the tests). Never use it in production. */
export function isLoopbackOrigin(origin: string): boolean {
  return /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/.test(origin);
}
