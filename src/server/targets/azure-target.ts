import { trimUrl, type SignerTarget } from './definition.js';

/** Azure Blob Storage block blobs, on @azure/storage-blob. */
export interface AzureConfig {
  readonly provider: 'azure';
  /** The container the blobs go into. */
  readonly container: string;
  /** The blob service URL, `https://<account>.blob.core.windows.net` (or Azurite's). */
  readonly serviceUrl: string;
  readonly credentials: { readonly accountName: string; readonly accountKey: string };
  /** The same service as browsers reach it (a CDN or proxy); default `serviceUrl`. */
  readonly publicUrl?: string;
  /** Let SAS URLs work over plain HTTP: loopback emulators only. */
  readonly allowHttp?: boolean;
}

/**
 * One SAS per upload for the browser's Put Block requests; listing and the commit (Put Block
 * List) happen here, so the browser's SAS is write-only and the commit is checked against the
 * service's own block list (README "Provider: azure").
 */
export const azureTarget: SignerTarget<AzureConfig> = {
  provider: 'azure',
  ops: ['initiate', 'put', 'sas', 'list', 'complete', 'abort'],
  async create(config, ttlSeconds) {
    const { createAzureSigner } = await import('./azure.js');
    return createAzureSigner({
      accountName: config.credentials.accountName,
      accountKey: config.credentials.accountKey,
      container: config.container,
      serviceUrl: trimUrl(config.serviceUrl),
      ttlSeconds,
      ...(config.publicUrl === undefined ? {} : { publicUrl: trimUrl(config.publicUrl) }),
      ...(config.allowHttp === true ? { allowHttp: true } : {}),
    });
  },
};
