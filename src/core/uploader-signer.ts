import type { Signer } from '../contracts/signer.js';
import type { Transport } from '../transport/transport.js';
import { createHttpSigner } from './http-signer.js';
import type { ResolvedOptions } from './options.js';
import { pageSigner } from './signer-failure.js';

/** The engine's signer: the page's own function, or the JSON API at `endpoint`. */
export function signerFor(options: ResolvedOptions, transport: Transport): Signer {
  const { signer, signerCredentials, signerHeaders } = options;
  return signer === undefined
    ? createHttpSigner(options.endpoint ?? '', transport, {
        credentials: signerCredentials,
        ...(signerHeaders === undefined ? {} : { headers: signerHeaders }),
      })
    : pageSigner(signer);
}
