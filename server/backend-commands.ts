/**
 * What a browser test may ask of the backends of test/plugins/backends.ts, through
 * `executeServerCommand('backends', command)`. Types only, shared by the plugin and the page.
 */
export type BackendCommand =
  | { readonly cmd: 'urls' }
  | { readonly cmd: 'object'; readonly key: string }
  | { readonly cmd: 'auth-seen' }
  | { readonly cmd: 'auth-token-uses'; readonly uses: number | null }
  | { readonly cmd: 'auth-reset' };

export interface BackendUrls {
  readonly express: string;
  readonly expressOrigin: string;
  readonly hono: string;
  readonly honoOrigin: string;
  readonly auth: string;
  readonly authOrigin: string;
}

/** One signer request as server/auth-backend.ts saw it. */
export interface SeenRequest {
  readonly op: string;
  /** The X-CSRF-Token header as it arrived, or null. */
  readonly csrf: string | null;
  readonly bearer: boolean;
  readonly cookie: boolean;
}
