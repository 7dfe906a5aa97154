import type { Seconds, StorageHandler } from './storage-handler.js';

/**
 * One storage target's server side, as the signer sees it: its name, the signer operations it
 * answers, and how to build its handler. `create` imports the vendor's SDK only when called, so
 * an app installs (and loads) only the SDK of the target it uses.
 */
export interface SignerTarget<Config extends { readonly provider: string }> {
  readonly provider: Config['provider'];
  /** Any other operation is a 404 before authorization runs. */
  readonly ops: readonly string[];
  /**
   * False when `put` cannot bind the upload to the browser's Content-MD5 (Qiniu: an UpToken
   * carries no digest; the service checks the form's CRC-32 instead), so `requirePartMd5` does
   * not ask `put` for one.
   */
  readonly putBindsMd5?: false;
  create(config: Config, ttlSeconds: Seconds): Promise<StorageHandler>;
}

/**
 * The operations of the presigned-part family (OSS, QingStor, S3); `put` is one PutObject for a
 * small file, `parts` many part URLs in one call.
 */
export const PRESIGNED_OPS = ['initiate', 'put', 'part', 'parts', 'list', 'complete', 'abort'] as const;

export function trimUrl(url: string): string {
  return url.replace(/\/+$/, '');
}
