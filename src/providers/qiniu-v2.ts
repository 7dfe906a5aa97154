/** `chunk-uploader/providers/qiniu-v2`: Qiniu multipart v2 alone, for the lean element entry. */
export { qiniuV2, type QiniuV2Options } from '../protocols/qiniu-v2/target.js';
