/**
 * The headless public API: the engine, the built-in targets (protocols/built-in.ts), the seam
 * for writing a target (contracts/), the error type, and the event and option types. Importing it has no side effects; `chunk-uploader.js` defines the element.
 */
export { Uploader } from './core/uploader.js';
export type { FileWithHandle } from './core/uploader.js';
export type { InterruptedUpload, PruneReport } from './core/journal-maintenance.js';
export type { UploaderOptions } from './core/options.js';
export { UploaderEvent, UPLOADER_EVENT_NAMES } from './core/events.js';
export type { UploaderEventMap, UploaderEventName, QueueSummary } from './core/events.js';
export type { TaskSnapshot } from './core/task-snapshot.js';
export type { TaskState } from './core/task-state.js';
export type { RetryOptions } from './core/retry.js';
export { createHttpSigner, type HttpSignerOptions, type SignerCredentials, type SignerHeaders } from './core/http-signer.js';
export * from './protocols/built-in.js';
export { builtInTargets } from './protocols/built-in-targets.js';
export { signerFailure } from './core/signer-failure.js';
export type { SignerFailureOptions } from './core/signer-failure.js';
export { createPresignedPartProtocol } from './protocols/presigned-part.js';
export type { PresignedPartConfig } from './protocols/presigned-part.js';
export type * from './protocols/shared/presigned-ops.js';
export type {
  CredentialStore,
  Hasher,
  Io,
  PartLimits,
  PartRecord,
  PlannedPart,
  Protocol,
  Session,
  UploadResult,
} from './contracts/protocol.js';
export type * from './contracts/signer.js';
export type * from './contracts/target.js';
export type { JsonObject, JsonValue } from './contracts/json.js';
export { UploadError, ERROR_KINDS } from './transport/upload-error.js';
export { classifyStatus } from './transport/classify.js';
export type { ErrorKind } from './transport/upload-error.js';
export type { Transport, HttpRequest, HttpResponse } from './transport/transport.js';
export { XhrTransport } from './transport/xhr-transport.js';
export { HashPool } from './hash/hash-pool.js';
