import type { Io } from '../contracts/protocol.js';
import type { Signer } from '../contracts/signer.js';
import type { Transport } from '../transport/transport.js';
import type { ResolvedOptions } from './options.js';
import type { PerFile } from './per-file.js';
import { guardOrigins } from './upload-origins.js';

/** The adapters' transport: every storage request gets the response window unless it sets one. */
export function storageTransportOf(options: ResolvedOptions, transport: Transport): Transport {
  return guardOrigins(
    { request: (request) => transport.request({ responseTimeoutMs: options.responseTimeoutMs, ...request }) },
    () => options.uploadOrigins,
  );
}

/** What an adapter call about one file gets: the engine's transport and signer, the file's credentials and hasher. */
export function adapterIo(options: ResolvedOptions, perFile: PerFile, transport: Transport, sign: Signer, file: File, signal: AbortSignal): Io {
  const { credentials, hasher } = perFile.of(file);
  return {
    signal,
    transport,
    sign,
    credentials,
    hasher,
    integrity: options.integrity,
    timeouts: { requestMs: options.requestTimeoutMs, stallMs: options.stallTimeoutMs },
  };
}
