import { UploadError } from '../../transport/upload-error.js';
/**
 * The upload hosts one Qiniu adapter may talk to, and how healthy each is. Only hosts on this
 * allowlist (configured by the page, or vouched for by the signer) ever receive the token; a
 * `host` named in a response is followed only when it is one of them (DESIGN.md, protocols.md 1.1).
 */
export interface HostHealthOptions {
  /** Consecutive failures (5xx, 599, network) after which a host is set aside. */
  readonly failuresToFreeze?: number;
  /** How long a failing host is set aside before it is tried again. */
  readonly freezeMs?: number;
  readonly now?: () => number;
}

interface HostState {
  failures: number;
  frozenUntil: number;
}

/** `up.qiniup.com` → `https://up.qiniup.com`; a URL → its origin; undefined for anything else. */
export function normalizeHost(value: string): string | undefined {
  const text = value.trim();
  if (text === '') return undefined;
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    if (url.username !== '' || url.password !== '') return undefined;
    return url.origin;
  } catch {
    return undefined;
  }
}

export class UploadHosts {
  /** Origins in order of preference. */
  #order: string[] = [];
  #state = new Map<string, HostState>();
  #failuresToFreeze: number;
  #freezeMs: number;
  #now: () => number;

  constructor(configured: readonly string[], options: HostHealthOptions = {}) {
    this.#failuresToFreeze = options.failuresToFreeze ?? 3;
    this.#freezeMs = options.freezeMs ?? 30_000;
    this.#now = options.now ?? Date.now;
    this.allow(configured);
  }

  get size(): number {
    return this.#order.length;
  }

  /** Adds hosts to the allowlist (after those already there); returns the ones that were not URLs. */
  allow(hosts: readonly string[]): string[] {
    const rejected: string[] = [];
    for (const host of hosts) {
      const origin = normalizeHost(host);
      if (origin === undefined) rejected.push(host);
      else if (!this.#order.includes(origin)) this.#order.push(origin);
    }
    return rejected;
  }

  /**
   * The allowlisted origin a response's `host` names, matched on host name and port; the scheme
   * stays the allowlisted one, so an answer can never downgrade https to http.
   */
  allowed(value: string): string | undefined {
    let host: string;
    try {
      host = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `https://${value}`).host;
    } catch {
      return undefined;
    }
    return this.#order.find((origin) => new URL(origin).host === host);
  }

  /** Moves an allowlisted host to the front: new blocks and mkfile go there first. */
  prefer(origin: string): void {
    if (!this.#order.includes(origin)) return;
    this.#order = [origin, ...this.#order.filter((o) => o !== origin)];
  }

  /**
   * The host to use: `current` while it is healthy, else the first healthy host in order of
   * preference; when every host is set aside, the one that comes back first.
   */
  pick(current?: string): string | undefined {
    const now = this.#now();
    const healthy = (origin: string): boolean => (this.#state.get(origin)?.frozenUntil ?? 0) <= now;
    if (current !== undefined && this.#order.includes(current) && healthy(current)) return current;
    const first = this.#order.find(healthy);
    if (first !== undefined) return first;
    // Every host is failing: moving a block elsewhere would only throw its progress away.
    if (current !== undefined && this.#order.includes(current)) return current;
    return [...this.#order].sort((a, b) => (this.#state.get(a)?.frozenUntil ?? 0) - (this.#state.get(b)?.frozenUntil ?? 0))[0];
  }

  /** `pick()`, or a `config` error when no host is on the allowlist at all. */
  require(): string {
    const host = this.pick();
    if (host === undefined) throw noUploadHost();
    return host;
  }

  failed(origin: string): void {
    const state = this.#state.get(origin) ?? { failures: 0, frozenUntil: 0 };
    state.failures += 1;
    if (state.failures >= this.#failuresToFreeze) {
      state.failures = 0;
      state.frozenUntil = this.#now() + this.#freezeMs;
    }
    this.#state.set(origin, state);
  }

  succeeded(origin: string): void {
    this.#state.delete(origin);
  }
}

export function noUploadHost(): UploadError {
  return new UploadError('no Qiniu upload host is configured; set upload-hosts on the element or have the signer return uploadHosts', {
    kind: 'config',
    code: 'no-upload-host',
  });
}
