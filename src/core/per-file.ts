import type { CredentialStore, Hasher } from '../contracts/protocol.js';
import type { HashPool } from '../hash/hash-pool.js';
import { createCredentialStore } from './credential-store.js';
import { rememberFileDigests } from './file-digests.js';

/**
 * What the engine keeps per file for the adapter's calls, in memory only and gone with the
 * file: the credentials that serve the whole upload, and the whole-file digests already computed
 * (so a retried begin does not read the file again).
 */
export class PerFile {
  readonly #pool: HashPool;
  readonly #entries = new WeakMap<Blob, { readonly credentials: CredentialStore; readonly hasher: Hasher }>();

  constructor(pool: HashPool) {
    this.#pool = pool;
  }

  of(file: Blob): { readonly credentials: CredentialStore; readonly hasher: Hasher } {
    let entry = this.#entries.get(file);
    if (entry === undefined) {
      entry = { credentials: createCredentialStore(), hasher: rememberFileDigests(this.#pool.forFile(file)) };
      this.#entries.set(file, entry);
    }
    return entry;
  }
}
