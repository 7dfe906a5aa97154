/**
 * The headless public API: the engine, the adapters, the error type, and the event and option
 * types. Importing it has no side effects; `chunk-uploader.js` defines the element.
 */
export { Uploader } from './core/uploader.js';
export type { FileWithHandle } from './core/uploader.js';
export type { InterruptedUpload, PruneReport } from './core/journal-maintenance.js';
export type { UploaderOptions } from './core/options.js';
export { UploaderEvent, UPLOADER_EVENT_NAMES } from './core/events.js';
export type { UploaderEventMap, UploaderEventName, QueueSummary } from './core/events.js';
export type { TaskSnapshot } from './core/task-snapshot.js';
export type { TaskCondition } from './core/task-condition.js';
export type { TaskState } from './core/task-state.js';
export type { RetryOptions } from './core/retry.js';
export { createHttpSigner, type HttpSignerOptions, type SignerCredentials, type SignerHeaders } from './core/http-signer.js';
export { createOssProtocol, OSS_LIMITS } from './protocols/oss.js';
export { createCosV4Protocol, cosV4Limits, COS_V4_SLICE_SIZES } from './protocols/cos-v4.js';
export type { CosV4Options } from './protocols/cos-v4.js';
export { createQiniuProtocol, QINIU_LIMITS, QINIU_BLOCK_SIZE } from './protocols/qiniu.js';
export type { QiniuOptions } from './protocols/qiniu.js';
export { createQingStorProtocol, QINGSTOR_LIMITS } from './protocols/qingstor.js';
export { createS3Protocol, S3_LIMITS } from './protocols/s3.js';
export type { S3ProtocolOptions } from './protocols/s3.js';
export { createPresignedPartProtocol } from './protocols/presigned-part.js';
export type { PresignedPartConfig } from './protocols/presigned-part.js';
export type {
  Io,
  PartLimits,
  PartRecord,
  PlannedPart,
  Protocol,
  Session,
  UploadResult,
} from './protocols/protocol.js';
export type * from './protocols/signer.js';
export { UploadError, ERROR_KINDS } from './transport/upload-error.js';
export type { ErrorKind } from './transport/upload-error.js';
export type { Transport, HttpRequest, HttpResponse } from './transport/transport.js';
export { XhrTransport } from './transport/xhr-transport.js';
export { createProtocol, supportedProviders, isSupportedProvider } from './protocols/providers.js';
export type { ProviderOptions } from './protocols/providers.js';
export { HashPool } from './hash/hash-pool.js';
