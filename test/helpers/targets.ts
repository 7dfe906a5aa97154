import type { Protocol } from '../../src/contracts/protocol.js';
import type { Target } from '../../src/contracts/target.js';
import { createCredentialStore } from '../../src/core/credential-store.js';

/** A ready adapter (often a scripted one) as a target, for tests that build protocols by hand. */
export function targetOf(protocol: Protocol, maxObjectSize = Number.MAX_SAFE_INTEGER): Target {
  return { name: protocol.name, limits: { ...protocol.limits, maxObjectSize }, protocol: () => protocol };
}

export function isTarget(value: Protocol | Target): value is Target {
  return !('sendPart' in value);
}

/** The engine's credential store, for tests that call an adapter with an Io of their own. */
export const testCredentials = createCredentialStore;
