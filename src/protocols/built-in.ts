/**
 * The built-in targets, one line each: the factory and the types a page needs for it. The
 * default element entry, the playground and the public API read this list; nothing outside a
 * target's module names a target.
 */
export { oss } from './oss.js';
export { qiniu, type QiniuOptions, type QiniuOperations } from './qiniu/target.js';
export { qiniuV2, type QiniuV2Options } from './qiniu-v2/target.js';
export { s3, type S3ProtocolOptions } from './s3.js';
export { cosV4, type CosV4Options, type CosV4Operations } from './cos-v4/target.js';
export { qingstor } from './qingstor.js';
export { azure, type AzureOperations } from './azure.js';
