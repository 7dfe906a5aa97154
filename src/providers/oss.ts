/** `chunk-uploader/providers/oss`: Aliyun OSS alone, for the lean element entry. */
export { oss } from '../protocols/oss.js';
