/** `chunk-uploader/providers/s3`: S3 and S3-compatible stores alone, for the lean element entry. */
export { s3, type S3ProtocolOptions } from '../protocols/s3.js';
