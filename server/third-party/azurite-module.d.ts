/**
 * The slice of Azurite 3.35.0's blob service we start in-process (the package ships no types).
 * Deep paths: Azurite's `main` is its CLI, which also starts telemetry.
 */
declare module 'azurite/dist/src/blob/BlobServer.js' {
  import type BlobConfiguration from 'azurite/dist/src/blob/BlobConfiguration.js';

  export default class BlobServer {
    constructor(configuration: BlobConfiguration);
    start(): Promise<void>;
    close(): Promise<void>;
    /** `http://127.0.0.1:<port>` once started. */
    getHttpServerAddress(): string;
  }
}

declare module 'azurite/dist/src/blob/BlobConfiguration.js' {
  import type { MemoryExtentChunkStore } from 'azurite/dist/src/common/persistence/MemoryExtentStore.js';

  export default class BlobConfiguration {
    constructor(
      host: string,
      port: number,
      keepAliveTimeout: number | undefined,
      metadataDBPath: string,
      extentDBPath: string,
      persistencePathArray: readonly unknown[],
      enableAccessLog: boolean,
      accessLogWriteStream: undefined,
      enableDebugLog: boolean,
      debugLogFilePath: string | undefined,
      loose: boolean,
      skipApiVersionCheck: boolean,
      cert: string,
      key: string,
      pwd: string,
      oauth: string | undefined,
      disableProductStyleUrl: boolean,
      isMemoryPersistence: boolean,
      memoryStore: MemoryExtentChunkStore,
    );
  }
}

declare module 'azurite/dist/src/common/persistence/MemoryExtentStore.js' {
  export class MemoryExtentChunkStore {
    constructor(sizeLimit?: number);
  }
}

declare module 'azurite/dist/src/common/Telemetry.js' {
  export const AzuriteTelemetryClient: { enableTelemetry: boolean };
}
