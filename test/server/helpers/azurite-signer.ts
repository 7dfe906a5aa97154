import type { AzuriteBlob } from '../../../server/third-party/azurite.js';
import { createSigner, type Signer } from '../../../src/server/index.js';

type AzureSignerOptions = Extract<Parameters<typeof createSigner>[0], { provider: 'azure' }>;

/** chunk-uploader/server for Azure on `azurite`; the user is the `x-user` header (none: refused). */
export function azuriteSigner(azurite: AzuriteBlob, options: Omit<AzureSignerOptions, 'provider' | 'container' | 'serviceUrl' | 'credentials' | 'allowHttp' | 'authorize'>): Signer {
  return createSigner({
    provider: 'azure',
    container: azurite.container,
    serviceUrl: azurite.serviceUrl,
    credentials: { accountName: azurite.accountName, accountKey: azurite.accountKey },
    allowHttp: true,
    authorize: (request) => {
      const id = request.headers.get('x-user');
      return id === null ? null : { id };
    },
    ...options,
  });
}
