import { createRequire } from 'node:module';
import type BlobServerType from 'azurite/dist/src/blob/BlobServer.js';
import type BlobConfigurationType from 'azurite/dist/src/blob/BlobConfiguration.js';
import type { MemoryExtentChunkStore as ChunkStoreType } from 'azurite/dist/src/common/persistence/MemoryExtentStore.js';
import type { AzuriteTelemetryClient as TelemetryType } from 'azurite/dist/src/common/Telemetry.js';
import { BlobServiceClient, StorageSharedKeyCredential } from '@azure/storage-blob';

/**
 * Azurite (Azure/Azurite 3.35.0), Microsoft's own Azure Storage emulator: its blob service runs in
 * this process on 127.0.0.1, on a free port, with in-memory persistence and the CORS rule a
 * browser upload needs (README "Provider: azure"). Nothing of ours stands in for Azure: Azurite
 * checks the SAS, stores the blocks and commits the block list; the fault proxy in
 * server/third-party/azurite-fault-proxy.ts only stands in front of it.
 *
 * In-process rather than its CLI: the CLI starts telemetry (it reports to an outside service),
 * and a child process would outlive a test runner that dies. Telemetry is switched off here too.
 */
export interface AzuriteBlob {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly accountName: string;
  readonly accountKey: string;
  /** `<url>/<account>`: the account's blob service URL (path-style, as on the emulator). */
  readonly serviceUrl: string;
  readonly container: string;
  /** An SDK client for the account, authorised with its shared key (the rig's own reads). */
  readonly client: BlobServiceClient;
  close(): Promise<void>;
}

/** Azurite's well-known development account (the same in every Azurite). */
export const AZURITE_ACCOUNT = {
  name: 'devstoreaccount1',
  key: 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==',
} as const;

export const AZURITE_CONTAINER = 'chunk-uploader';

/** Uploaded bytes Azurite may hold in memory before it refuses writes. */
const MEMORY_LIMIT_BYTES = 1024 * 1024 * 1024;

const require = createRequire(import.meta.url);

/** Starts Azurite's blob service with one container and a CORS rule for any origin. */
export async function startAzurite(port = 0): Promise<AzuriteBlob> {
  const telemetry = (require('azurite/dist/src/common/Telemetry.js') as { AzuriteTelemetryClient: typeof TelemetryType }).AzuriteTelemetryClient;
  telemetry.enableTelemetry = false;
  const BlobServer = (require('azurite/dist/src/blob/BlobServer.js') as { default: typeof BlobServerType }).default;
  const BlobConfiguration = (require('azurite/dist/src/blob/BlobConfiguration.js') as { default: typeof BlobConfigurationType }).default;
  const { MemoryExtentChunkStore } = require('azurite/dist/src/common/persistence/MemoryExtentStore.js') as {
    MemoryExtentChunkStore: typeof ChunkStoreType;
  };
  // Positional, as Azurite's own factory calls it: no access or debug log, strict API version
  // and header checks (not `loose`), plain HTTP, shared-key auth, in-memory metadata and extents.
  const configuration = new BlobConfiguration(
    '127.0.0.1',
    port,
    undefined,
    ':memory:',
    ':memory:',
    [],
    false,
    undefined,
    false,
    undefined,
    false,
    false,
    '',
    '',
    '',
    undefined,
    false,
    true,
    new MemoryExtentChunkStore(MEMORY_LIMIT_BYTES),
  );
  const server = new BlobServer(configuration);
  await server.start();
  const url = server.getHttpServerAddress().replace(/\/+$/, '');
  const serviceUrl = `${url}/${AZURITE_ACCOUNT.name}`;
  const client = new BlobServiceClient(serviceUrl, new StorageSharedKeyCredential(AZURITE_ACCOUNT.name, AZURITE_ACCOUNT.key), {
    retryOptions: { maxTries: 1 },
  });
  try {
    await client.setProperties({
      cors: [
        {
          allowedOrigins: '*',
          allowedMethods: 'PUT,GET,HEAD',
          allowedHeaders: '*',
          exposedHeaders: 'Content-MD5,x-ms-request-id,x-ms-error-code',
          maxAgeInSeconds: 600,
        },
      ],
    });
    await client.createContainer(AZURITE_CONTAINER);
  } catch (error) {
    await server.close();
    throw error;
  }
  return {
    url,
    accountName: AZURITE_ACCOUNT.name,
    accountKey: AZURITE_ACCOUNT.key,
    serviceUrl,
    container: AZURITE_CONTAINER,
    client,
    close: () => server.close(),
  };
}
