import type { IncomingMessage, ServerResponse } from 'node:http';
import { readSmallBody } from '../emulators/shared/disk-store.js';

/** A failure to relay to the browser as `{code, message}` with an HTTP status. */
export class SignerError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export type JsonBody = Record<string, unknown>;

export async function readJson(req: IncomingMessage): Promise<JsonBody> {
  const raw = (await readSmallBody(req, 1024 * 1024)).toString('utf8');
  try {
    const parsed: unknown = JSON.parse(raw === '' ? '{}' : raw);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
    return parsed as JsonBody;
  } catch {
    throw new SignerError(400, 'InvalidRequest', 'the request body must be a JSON object');
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

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
  if (typeof name !== 'string' || typeof size !== 'number' || size < 0) {
    throw new SignerError(400, 'InvalidRequest', 'file needs a name and a size');
  }
  return { name, size, type: typeof type === 'string' ? type : '' };
}

/**
 * The object key for an upload. The page may ask for one; this reference backend accepts any
 * safe relative key, which a real backend would restrict to what the user may write.
 */
export function chooseKey(body: JsonBody, file: FileBody): string {
  const asked = body.key;
  if (typeof asked === 'string' && asked !== '') {
    if (asked.length > 1000 || asked.startsWith('/') || asked.split('/').includes('..')) {
      throw new SignerError(400, 'InvalidKey', 'the requested key is not allowed');
    }
    return asked;
  }
  const safeName = file.name.replace(/[^\p{L}\p{N}._-]+/gu, '_').slice(-200) || 'file';
  const day = new Date().toISOString().slice(0, 10);
  return `uploads/${day}/${crypto.randomUUID()}/${safeName}`;
}

/**
 * A storage SDK's failure, relayed to the browser with the storage's own status and code when
 * the SDK gives both (so adapters can map `NoSuchUpload`, `InvalidPart`, …), else as a 502.
 */
export function relayStorageError(error: unknown, status: number | undefined, code: string | undefined): never {
  if (error instanceof SignerError) throw error;
  const message = error instanceof Error ? error.message : String(error);
  if (status !== undefined && status >= 400 && code !== undefined) throw new SignerError(status, code, message || code);
  throw new SignerError(502, 'StorageUnavailable', `storage request failed: ${message}`);
}
