/**
 * `chunk-uploader/server`: the backend half. A signer for one storage target, on the vendor's
 * official SDK, that authorizes every request, picks the object key, enforces the upload
 * policy and binds every operation to the upload it opened (README "Your backend in five
 * minutes"). It speaks web Request/Response; `toNodeHandler` adapts it to node:http and Express.
 * Nothing here runs in a browser, and the browser entries import nothing from here.
 */
export { createSigner, type Signer, type SignerOptions, type SignerPolicy } from './create-signer.js';
export { toNodeHandler } from './node-handler.js';
export { forbidden, unauthenticated, SignerError, SIGNER_CODES } from './errors.js';
export { defaultKey, sanitizeName, type KeyFunction, type Principal, type UploadFile } from './policy.js';
export { isLoopbackOrigin, type AllowedOrigins } from './cors.js';
export { jsonLines, type SignerLogEntry } from './log.js';
export type { Seconds } from './targets/storage-handler.js';
export type { TargetConfig } from './targets/built-in.js';
export type { AzureConfig } from './targets/azure-target.js';
export type { CosV4Config } from './targets/cos-v4-target.js';
export type { OssConfig } from './targets/oss-target.js';
export type { QingStorConfig } from './targets/qingstor-target.js';
export type { QiniuConfig } from './targets/qiniu-target.js';
export type { QiniuV2Config } from './targets/qiniu-v2-target.js';
export type { S3Config } from './targets/s3-target.js';
export type { QiniuPolicyExtras } from './targets/qiniu.js';
