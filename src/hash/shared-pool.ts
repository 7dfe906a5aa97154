import { HashPool } from './hash-pool.js';

/**
 * One hash pool per page, shared by every engine that brings none of its own: fifty elements
 * on a page (or one mounted fifty times) run at most one pool's workers, not fifty. Engines
 * asking for another size (`hashWorkers`) share the pool of that size. A pool's workers stop
 * when its last engine lets go; the pool itself starts new ones on demand.
 */
export interface PoolLease {
  readonly pool: HashPool;
  /** Called once, when the engine is destroyed; later calls do nothing. */
  release(): void;
}

const shared = new Map<number | undefined, { readonly pool: HashPool; users: number }>();

/** The page's pool, or the engine's own `given` pool, which the engine never stops. */
export function leaseHashPool(given: HashPool | undefined, size: number | undefined): PoolLease {
  return given === undefined ? leaseSharedHashPool(size) : { pool: given, release: () => undefined };
}

export function leaseSharedHashPool(size: number | undefined): PoolLease {
  let entry = shared.get(size);
  if (entry === undefined) {
    entry = { pool: new HashPool(size === undefined ? {} : { size }), users: 0 };
    shared.set(size, entry);
  }
  entry.users += 1;
  const held = entry;
  let released = false;
  return {
    pool: held.pool,
    release(): void {
      if (released) return;
      released = true;
      held.users -= 1;
      if (held.users > 0) return;
      held.pool.terminate();
      shared.delete(size);
    },
  };
}
