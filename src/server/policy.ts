import { SIGNER_CODES, SignerError } from './errors.js';

/** Who is uploading, as your `authorize` hook decided. `id` is what sessions are bound to. */
export interface Principal {
  readonly id: string;
  readonly [detail: string]: unknown;
}

/** The file as the browser describes it at initiate. Its word is checked, never trusted. */
export interface UploadFile {
  readonly name: string;
  readonly size: number;
  readonly type: string;
  /** The object key the page asked for (`objectKey`): a hint the `key` function may use or ignore. */
  readonly keyHint?: string;
}

export type KeyFunction = (principal: Principal, file: UploadFile) => string | Promise<string>;

/** A file name reduced to letters, digits, `.`, `_` and `-`, at most 200 characters. */
export function sanitizeName(name: string): string {
  const safe = name.replace(/[^\p{L}\p{N}._-]+/gu, '_').replace(/^[._]+/, '').slice(-200);
  return safe === '' ? 'file' : safe;
}

/**
 * The default key: `uploads/<principal>/<random id>/<sanitized name>`. The browser's hint is
 * ignored: one user can neither choose nor guess another's keys, and two uploads never collide.
 */
export const defaultKey: KeyFunction = (principal, file) =>
  `uploads/${sanitizeName(principal.id)}/${crypto.randomUUID()}/${sanitizeName(file.name)}`;

/** A key the policy returned is used only when it is a safe relative key. */
export function checkKey(key: unknown): string {
  if (typeof key !== 'string' || key === '' || key.length > 1000 || key.startsWith('/') || key.split('/').some((s) => s === '..' || s === '.')) {
    throw new SignerError(500, SIGNER_CODES.signerFailure, 'the key policy returned an unusable key');
  }
  return key;
}

export function checkSize(file: UploadFile, maxFileSize: number | undefined): void {
  if (maxFileSize !== undefined && file.size > maxFileSize) {
    throw new SignerError(413, SIGNER_CODES.fileTooLarge, `the file is larger than the limit of ${maxFileSize} bytes`);
  }
}

/**
 * `accept` as in `<input accept>`: MIME types (`application/pdf`), wildcards (`image/*`) and
 * extensions (`.pdf`). A file passes when its type or its name matches one entry.
 */
export function checkAccept(file: UploadFile, accept: readonly string[] | undefined): void {
  if (accept === undefined || accept.length === 0) return;
  const type = file.type.toLowerCase();
  const name = file.name.toLowerCase();
  const matches = accept.some((raw) => {
    const entry = raw.trim().toLowerCase();
    if (entry.startsWith('.')) return name.endsWith(entry) && name.length > entry.length;
    if (entry.endsWith('/*')) return type.startsWith(entry.slice(0, -1));
    return entry !== '' && type === entry;
  });
  if (!matches) throw new SignerError(415, SIGNER_CODES.fileTypeNotAllowed, 'this type of file is not accepted here');
}
