import type { ProviderOptions } from '../protocols/providers.js';
import { COS_V4_SLICE_SIZES } from '../protocols/cos-v4.js';
import { normalizeHost } from '../protocols/qiniu/hosts.js';
import type { CheckedAttribute } from './i18n/translation.js';
import { parseSize } from './parse-size.js';

/** The element's attributes that only some storage targets read, unchecked. */
export interface ProviderAttributes {
  /** Qiniu: hosts that may receive the token, separated by commas or spaces. */
  readonly uploadHosts: string | undefined;
  /** Qiniu: bytes per request inside a 4 MiB block. */
  readonly chunkSize: number | string | undefined;
  /** COS v4: slice size to request. */
  readonly sliceSize: number | string | undefined;
  /** COS v4: `query` or `header`. */
  readonly signatureIn: string | undefined;
  readonly simpleRequests: boolean;
  readonly overwrite: boolean;
  /** S3: `md5` or `opaque`. */
  readonly partEtag: string | undefined;
  /** Everything the attributes cannot say (Qiniu's customVars and metadata, …), property only. */
  readonly providerOptions: ProviderOptions | undefined;
}

export interface ProviderAttributeCheck {
  readonly options: ProviderOptions;
  readonly problems: readonly { readonly attribute: CheckedAttribute; readonly value: string }[];
}

const QINIU_MIN_CHUNK = 1024;

/**
 * Maps the target-specific attributes onto the adapter options; attributes win over the
 * `providerOptions` property. A bad value is a problem, never a guess: these attributes decide
 * where the token goes and how bytes are cut, so uploads stop until they are fixed.
 */
export function checkProviderAttributes(attributes: ProviderAttributes): ProviderAttributeCheck {
  const problems: { attribute: CheckedAttribute; value: string }[] = [];
  const options: { -readonly [K in keyof ProviderOptions]: ProviderOptions[K] } = { ...attributes.providerOptions };
  const blank = (value: unknown): boolean => value === undefined || (typeof value === 'string' && value.trim() === '');

  if (!blank(attributes.uploadHosts)) {
    const hosts = (attributes.uploadHosts ?? '').split(/[\s,]+/).filter((host) => host !== '');
    if (hosts.every((host) => normalizeHost(host) !== undefined)) options.uploadHosts = hosts;
    else problems.push({ attribute: 'upload-hosts', value: attributes.uploadHosts ?? '' });
  }
  if (!blank(attributes.chunkSize)) {
    const bytes = parseSize(attributes.chunkSize);
    if (bytes !== undefined && bytes >= QINIU_MIN_CHUNK) options.chunkSize = bytes;
    else problems.push({ attribute: 'chunk-size', value: String(attributes.chunkSize) });
  }
  if (!blank(attributes.sliceSize)) {
    const bytes = parseSize(attributes.sliceSize);
    if (bytes !== undefined && COS_V4_SLICE_SIZES.includes(bytes)) options.sliceSize = bytes;
    else problems.push({ attribute: 'slice-size', value: String(attributes.sliceSize) });
  }
  if (!blank(attributes.signatureIn)) {
    const value = attributes.signatureIn?.trim().toLowerCase();
    if (value === 'query' || value === 'header') options.signatureIn = value;
    else problems.push({ attribute: 'signature-in', value: attributes.signatureIn ?? '' });
  }
  if (!blank(attributes.partEtag)) {
    const value = attributes.partEtag?.trim().toLowerCase();
    if (value === 'md5' || value === 'opaque') options.partEtag = value;
    else problems.push({ attribute: 'part-etag', value: attributes.partEtag ?? '' });
  }
  if (attributes.simpleRequests) options.simpleRequests = true;
  if (attributes.overwrite) options.overwrite = true;
  return { options, problems };
}
