import { executeServerCommand } from '@web/test-runner-commands';
import type { ControlCommand } from '../../server/control.js';
import type { FaultRule } from '../../server/emulators/shared/faults.js';
import type { LoggedRequest } from '../../server/emulators/shared/request-log.js';
import type { OpenUpload, PartAcceptCount } from '../../server/emulators/shared/emulator.js';

/** Talks to the servers the test plugin started (server/control.ts). */
export async function control<T>(command: ControlCommand): Promise<T> {
  return ((await executeServerCommand('servers', command)) as { value: T }).value;
}

export interface ServerUrls {
  readonly signer: string;
  readonly oss: string;
  readonly [name: string]: string;
}

let cachedUrls: Promise<ServerUrls> | undefined;
/**
 * The servers start on the first command; on a loaded machine that can outlast the test
 * runner's 20 s command timeout, while the start goes on. Asked again (three times in all)
 * rather than failing every test of the file on one cached timeout.
 */
export function serverUrls(): Promise<ServerUrls> {
  const ask = (triesLeft: number): Promise<ServerUrls> =>
    control<ServerUrls>({ cmd: 'urls' }).catch((error: unknown) => (triesLeft > 1 ? ask(triesLeft - 1) : Promise.reject(error)));
  cachedUrls ??= ask(3).catch((error: unknown) => {
    cachedUrls = undefined;
    throw error;
  });
  return cachedUrls;
}

export async function addFault(target: string, rule: FaultRule): Promise<number> {
  return (await control<{ id: number }>({ cmd: 'fault', target, rule })).id;
}

export function clearFaults(target?: string): Promise<unknown> {
  return control(target === undefined ? { cmd: 'clear-faults' } : { cmd: 'clear-faults', target });
}

export interface StoredObjectInfo {
  readonly size: number;
  readonly md5: string;
  readonly etag: string;
  readonly contentType: string;
}

export function storedObject(target: string, key: string): Promise<StoredObjectInfo | null> {
  return control<StoredObjectInfo | null>({ cmd: 'object', target, key });
}

export function requestsSeen(target: string, filter: { op?: string; keyPrefix?: string } = {}): Promise<LoggedRequest[]> {
  return control<LoggedRequest[]>({ cmd: 'requests', target, ...filter });
}

export function partsAccepted(target: string, keyPrefix: string): Promise<PartAcceptCount[]> {
  return control<PartAcceptCount[]>({ cmd: 'accepted', target, keyPrefix });
}

export function openUploads(target: string, keyPrefix: string): Promise<OpenUpload[]> {
  return control<OpenUpload[]>({ cmd: 'uploads', target, keyPrefix });
}

export function configure(target: string, settings: Record<string, unknown>): Promise<unknown> {
  return control({ cmd: 'configure', target, settings });
}

let counter = 0;
/** A key prefix no other test uses, so faults and counts stay scoped to one test. */
export function uniquePrefix(label: string): string {
  counter += 1;
  return `t/${label}-${Date.now().toString(36)}-${counter}-${Math.random().toString(36).slice(2, 8)}/`;
}

/**
 * Waits until the server has finished with every request logged for this prefix, answered or
 * abandoned by the client: a request cut off on the client side (pause, a closed tab) may
 * still be stored by the server a moment later.
 */
export async function serverSettled(target: string, keyPrefix: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await requestsSeen(target, { keyPrefix })).some((request) => request.status === 0)) {
    if (Date.now() > deadline) throw new Error(`${target} still handles requests for ${keyPrefix} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Sets the page's network (test/plugins/network.ts): reported offline, and an upload cap on
 * requests to the emulators and the signer; `{}` restores it.
 */
export async function setNetwork(conditions: { offline?: boolean; uploadBytesPerSecond?: number }): Promise<void> {
  const origins = Object.values(await serverUrls());
  await executeServerCommand('network', { ...conditions, origins });
}
