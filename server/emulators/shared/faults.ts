/**
 * One fault vocabulary for every emulator. A rule matches requests by operation (and
 * optionally object key) and picks which of them to hit: the nth ones, every kth, or a seeded
 * fraction. Tests, the demo's chaos panel and the benches all speak it.
 */

export const FAULT_ACTIONS = [
  /** Answer with `status` and `body` (after draining the request body). */
  'status',
  /** Wait `delayMs` before handling the request normally. */
  'delay',
  /**
   * Handle the request normally (store the part, complete the upload), then hold the answer
   * for `delayMs`: the server acted, the client has not heard yet.
   */
  'delay-answer',
  /** Read `afterBytes` of the body, then destroy the connection. */
  'reset',
  /** Read `afterBytes` of the body, then stop reading and never answer. */
  'stall',
  /** Answer as the target does for an expired credential. */
  'expire',
  /** Flip one byte of the received body before the emulator checks and stores it. */
  'corrupt',
  /** Qiniu: name a host in the answer that is not ours (`host`). */
  'hostile-host',
  /** Answer 200 with an error document in the body (S3's late Complete failure). */
  'error-in-200',
  /** Answer with a syntactically broken body. */
  'malformed',
  /**
   * Forget the request's server-side upload session (upload id, session, ctx) before handling
   * the request, as when it expired or was aborted elsewhere: the client must start over.
   */
  'forget-session',
] as const;

export type FaultAction = (typeof FAULT_ACTIONS)[number];

export interface FaultRule {
  /** Operation name as the emulator logs it (`UploadPart`, `mkblk`, …), or `*`. */
  readonly op: string;
  readonly action: FaultAction;
  /** Only requests for this object key (or keys starting with `keyPrefix`). */
  readonly key?: string;
  readonly keyPrefix?: string;
  /** 1-based positions among matching requests to hit. */
  readonly nth?: readonly number[];
  /** Hit every kth matching request. */
  readonly every?: number;
  /** Hit this fraction of matching requests, drawn from a generator seeded with `seed`. */
  readonly probability?: number;
  readonly seed?: number;
  /** Stop after this many hits. */
  readonly times?: number;
  readonly status?: number;
  readonly body?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly delayMs?: number;
  readonly afterBytes?: number;
  /** For `hostile-host`: the host to name. */
  readonly host?: string;
}

interface ActiveRule {
  readonly id: number;
  readonly rule: FaultRule;
  seen: number;
  hits: number;
  random: () => number;
}

export interface FaultHit {
  readonly id: number;
  readonly rule: FaultRule;
}

/** mulberry32: small, fast, and the same sequence for the same seed on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultSet {
  #rules: ActiveRule[] = [];
  #nextId = 1;

  /** Adds a rule; returns its id for `remove`. */
  add(rule: FaultRule): number {
    if (!FAULT_ACTIONS.includes(rule.action)) throw new Error(`unknown fault action ${String(rule.action)}`);
    const id = this.#nextId++;
    this.#rules.push({ id, rule, seen: 0, hits: 0, random: seededRandom(rule.seed ?? id) });
    return id;
  }

  remove(id: number): void {
    this.#rules = this.#rules.filter((active) => active.id !== id);
  }

  clear(): void {
    this.#rules = [];
  }

  list(): readonly { readonly id: number; readonly rule: FaultRule; readonly hits: number }[] {
    return this.#rules.map(({ id, rule, hits }) => ({ id, rule, hits }));
  }

  /** The first rule that hits this request, counting the request against every matching rule. */
  take(op: string, key: string | undefined): FaultHit | undefined {
    let hit: FaultHit | undefined;
    for (const active of this.#rules) {
      const { rule } = active;
      if (rule.op !== '*' && rule.op !== op) continue;
      if (rule.key !== undefined && rule.key !== key) continue;
      if (rule.keyPrefix !== undefined && !(key ?? '').startsWith(rule.keyPrefix)) continue;
      active.seen += 1;
      if (hit !== undefined) continue;
      if (rule.times !== undefined && active.hits >= rule.times) continue;
      const chosen =
        (rule.nth !== undefined && rule.nth.includes(active.seen)) ||
        (rule.every !== undefined && active.seen % rule.every === 0) ||
        (rule.probability !== undefined && active.random() < rule.probability) ||
        (rule.nth === undefined && rule.every === undefined && rule.probability === undefined);
      if (!chosen) continue;
      active.hits += 1;
      hit = { id: active.id, rule };
    }
    return hit;
  }
}
