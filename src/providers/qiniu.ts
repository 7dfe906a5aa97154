/** `chunk-uploader/providers/qiniu`: Qiniu alone, for the lean element entry. */
export { qiniu, type QiniuOptions, type QiniuOperations } from '../protocols/qiniu/target.js';
