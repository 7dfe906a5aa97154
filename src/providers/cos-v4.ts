/** `chunk-uploader/providers/cos-v4`: Tencent COS v4 alone, for the lean element entry. */
export { cosV4, type CosV4Options, type CosV4Operations } from '../protocols/cos-v4/target.js';
