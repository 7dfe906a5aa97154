import { createAzureRoute } from '../signer/azure-route.js';
import { createAzureSigner } from '../signer/azure.js';
import { startAzurite } from '../third-party/azurite.js';
import { startAzuriteFaultProxy } from '../third-party/azurite-fault-proxy.js';
import { ttlSetting, type ServerTarget } from './target.js';

/**
 * Azure Blob Storage: Azurite, Microsoft's emulator, behind the fault proxy `azure` (browsers
 * reach Azurite only through it). The signer's SDK calls Azurite directly and hands browsers SAS
 * URLs that point at the proxy.
 */
export const serverTarget: ServerTarget = {
  name: 'azure',
  async start(options) {
    const azurite = await startAzurite();
    try {
      const proxy = await startAzuriteFaultProxy(azurite, options.ports.azure ?? 0);
      const signer = createAzureSigner({
        accountName: azurite.accountName,
        accountKey: azurite.accountKey,
        container: azurite.container,
        serviceUrl: azurite.serviceUrl,
        publicUrl: `${proxy.url}/${azurite.accountName}`,
        ttlSeconds: options.ttlSeconds,
        allowHttp: true,
      });
      return {
        urls: { azure: proxy.url, azurite: azurite.url },
        emulators: { azure: proxy },
        providers: { azure: createAzureRoute(signer, [azurite.accountKey]) },
        signers: { azure: ttlSetting(signer) },
        stop: () => azurite.close(),
      };
    } catch (error) {
      await azurite.close();
      throw error;
    }
  },
};
