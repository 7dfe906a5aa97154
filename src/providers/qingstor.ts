/** `chunk-uploader/providers/qingstor`: QingStor alone, for the lean element entry. */
export { qingstor } from '../protocols/qingstor.js';
