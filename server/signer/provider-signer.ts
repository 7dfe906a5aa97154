import type { JsonBody } from './http.js';

/** One provider's routes: `handle('part', body)` answers `POST /<provider>/part`. */
export interface ProviderSigner {
  handle(op: string, body: JsonBody): Promise<unknown>;
}
