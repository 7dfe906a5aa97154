import { createCosV4Protocol } from './cos-v4.js';
import { createOssProtocol } from './oss.js';
import type { Protocol } from './protocol.js';
import { createQiniuProtocol, type QiniuOptions } from './qiniu.js';
import { createS3Protocol } from './s3.js';
import type { ProviderName } from './signer.js';

/** Settings some targets need beyond the signer; the element maps its attributes onto these. */
export interface ProviderOptions {
  /** Qiniu: upload hosts allowed to receive the token, in order of preference. */
  readonly uploadHosts?: readonly string[];
  /** Qiniu: bytes per chunk inside a 4 MiB block (default: the whole block). */
  readonly chunkSize?: number;
  /** COS v4: slice size to request (524288, 1048576 (default), 2097152, 3145728); the server decides. */
  readonly sliceSize?: number;
  /** COS v4: send the signature as `?sign=` (`query`, default) or in `Authorization` (`header`). */
  readonly signatureIn?: 'query' | 'header';
  /** COS v4: send slices as CORS simple requests, giving up upload progress and stall detection. */
  readonly simpleRequests?: boolean;
  /** COS v4: replace a file already stored at the key (`insertOnly=0`) instead of failing. */
  readonly overwrite?: boolean;
  /** Qiniu: `x:<name>` custom variables sent with mkfile, fixed or per file. */
  readonly customVars?: QiniuOptions['customVars'];
  /** Qiniu: `x-qn-meta-<name>` metadata sent with mkfile, fixed or per file. */
  readonly metadata?: QiniuOptions['metadata'];
  /**
   * S3: what part ETags are. `md5` (default) checks each stored part against the bytes sent;
   * `opaque` for buckets with SSE-KMS or SSE-C default encryption, whose ETags are not MD5s.
   */
  readonly partEtag?: 'md5' | 'opaque';
}

type ProtocolFactory = (options: ProviderOptions) => Protocol;

/** Every target the element's `provider` attribute can name. */
const FACTORIES: Partial<Record<ProviderName, ProtocolFactory>> = {
  oss: () => createOssProtocol(),
  'cos-v4': (options) =>
    createCosV4Protocol({
      ...(options.sliceSize === undefined ? {} : { sliceSize: options.sliceSize }),
      ...(options.signatureIn === undefined ? {} : { signatureIn: options.signatureIn }),
      ...(options.simpleRequests === undefined ? {} : { simpleRequests: options.simpleRequests }),
      ...(options.overwrite === undefined ? {} : { overwrite: options.overwrite }),
    }),
  qiniu: (options) => createQiniuProtocol(options),
  s3: (options) => createS3Protocol(options.partEtag === undefined ? {} : { partEtag: options.partEtag }),
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
