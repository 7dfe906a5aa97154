/** `chunk-uploader/providers/azure`: Azure Blob Storage alone, for the lean element entry. */
export { azure, type AzureOperations } from '../protocols/azure.js';
