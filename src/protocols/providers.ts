import { createOssProtocol } from './oss.js';
import type { Protocol } from './protocol.js';
import { createQingStorProtocol } from './qingstor.js';
import type { ProviderName } from './signer.js';

/** Settings some targets need beyond the signer; the element maps its attributes onto these. */
export interface ProviderOptions {
  /** Qiniu: upload hosts allowed to receive the token, in order of preference. */
  readonly uploadHosts?: readonly string[];
  /** Qiniu: bytes per chunk inside a 4 MiB block (default: the whole block). */
  readonly chunkSize?: number;
}

type ProtocolFactory = (options: ProviderOptions) => Protocol;

/** Every target the element's `provider` attribute can name. */
const FACTORIES: Partial<Record<ProviderName, ProtocolFactory>> = {
  oss: () => createOssProtocol(),
  qingstor: () => createQingStorProtocol(),
};

export function supportedProviders(): readonly ProviderName[] {
  return Object.keys(FACTORIES) as ProviderName[];
}

export function isSupportedProvider(name: string): name is ProviderName {
  return Object.prototype.hasOwnProperty.call(FACTORIES, name);
}

/** The adapter for a provider name; undefined for a name no adapter serves. */
export function createProtocol(name: string, options: ProviderOptions = {}): Protocol | undefined {
  return isSupportedProvider(name) ? FACTORIES[name]?.(options) : undefined;
}
