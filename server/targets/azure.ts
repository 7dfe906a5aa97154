import { createSigner } from '../../src/server/index.js';
import { playgroundPolicy } from '../signer/playground-policy.js';
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
      const settings = { ttlSeconds: options.ttlSeconds };
      const signer = createSigner({
        provider: 'azure',
        container: azurite.container,
        serviceUrl: azurite.serviceUrl,
        credentials: { accountName: azurite.accountName, accountKey: azurite.accountKey },
        publicUrl: `${proxy.url}/${azurite.accountName}`,
        allowHttp: true,
        ...playgroundPolicy(settings),
      });
      return {
        urls: { azure: proxy.url, azurite: azurite.url },
        emulators: { azure: proxy },
        providers: { azure: signer },
        signers: { azure: ttlSetting(settings) },
        stop: () => azurite.close(),
      };
    } catch (error) {
      await azurite.close();
      throw error;
    }
  },
};
