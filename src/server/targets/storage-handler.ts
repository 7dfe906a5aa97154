import { SignerError } from '../errors.js';

/**
 * One target's storage operations, on the vendor's SDK: `handle('part', body)` answers the
 * signer operation `part`. The handler does what it is asked; deciding whether the caller may
 * ask (authorization, policy, the session token) is `createSigner`'s job, before it gets here.
 */
export interface StorageHandler {
  handle(op: string, body: JsonBody): Promise<unknown>;
}

/** A lifetime in seconds, read on every use so a deployment (or a test) can change it live. */
export type Seconds = number | (() => number);

export function seconds(value: Seconds): number {
  return typeof value === 'function' ? value() : value;
}

export type JsonBody = Record<string, unknown>;

export function field(body: JsonBody, name: string): string {
  const value = body[name];
  if (typeof value !== 'string' || value === '') throw new SignerError(400, 'InvalidRequest', `${name} must be a non-empty string`);
  return value;
}

export function integer(body: JsonBody, name: string): number {
  const value = body[name];
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new SignerError(400, 'InvalidRequest', `${name} must be an integer`);
  return value;
}

export interface FileBody {
  readonly name: string;
  readonly size: number;
  readonly type: string;
}

export function fileOf(body: JsonBody): FileBody {
  const file = body.file;
  if (typeof file !== 'object' || file === null) throw new SignerError(400, 'InvalidRequest', 'file must be an object');
  const { name, size, type } = file as Record<string, unknown>;
  if (typeof name !== 'string' || typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
    throw new SignerError(400, 'InvalidRequest', 'file needs a name and a whole, non-negative size');
  }
  return { name, size, type: typeof type === 'string' ? type : '' };
}

/**
 * The key the policy chose: `createSigner` puts it in `body.key` before the handler runs. A
 * handler used on its own (the unit tests) gets the caller's key, checked for safety.
 */
export function keyOf(body: JsonBody): string {
  const key = field(body, 'key');
  if (key.length > 1000 || key.startsWith('/') || key.split('/').includes('..')) {
    throw new SignerError(400, 'InvalidKey', 'the requested key is not allowed');
  }
  return key;
}

/**
 * A storage SDK's failure, relayed with the storage's own status and code when the SDK gives
 * both (so adapters can map `NoSuchUpload`, `InvalidPart`, …), else as a 502. The SDK's message
 * is not passed on unchecked: `createSigner` scrubs credentials and URLs from it.
 */
export function relayStorageError(error: unknown, status: number | undefined, code: string | undefined): never {
  if (error instanceof SignerError) throw error;
  const message = error instanceof Error ? error.message : '';
  if (status !== undefined && status >= 400 && code !== undefined) throw new SignerError(status, code, message || code, { fromStorage: true });
  throw new SignerError(502, 'StorageUnavailable', 'the storage could not be reached or answered unreadably', { cause: error });
}
