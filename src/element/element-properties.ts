import type { PropertyDeclarations } from 'lit';

/** Attribute text as is; a removed attribute reads as unset rather than as null. */
const optionalText = { fromAttribute: (value: string | null): string | undefined => value ?? undefined };
/** Attribute text as is; a removed attribute reads as the default. */
const textOr = (fallback: string) => ({ fromAttribute: (value: string | null): string => value ?? fallback });

/** `<chunk-uploader>`'s reactive properties and the attributes they read. */
export const ELEMENT_PROPERTIES: PropertyDeclarations = {
  targets: { attribute: false },
  provider: { converter: optionalText },
  endpoint: { converter: optionalText },
  signer: { attribute: false },
  signerCredentials: { attribute: 'signer-credentials', converter: optionalText },
  signerHeaders: { attribute: false },
  multiple: { type: Boolean },
  directory: { type: Boolean },
  paste: { converter: optionalText },
  maxFiles: { attribute: 'max-files', converter: optionalText },
  accept: { converter: textOr('') },
  concurrency: { converter: optionalText },
  partSize: { attribute: 'part-size', converter: optionalText },
  maxFileSize: { attribute: 'max-file-size', converter: optionalText },
  uploadOrigins: { attribute: 'upload-origins', converter: optionalText },
  disabled: { type: Boolean, reflect: true },
  name: { converter: textOr('') },
  required: { type: Boolean },
  lang: { converter: textOr('') },
  objectKey: { attribute: false },
  options: { attribute: false },
  fileMd5: { attribute: 'file-md5', type: Boolean },
  providerOptions: { attribute: false },
};
