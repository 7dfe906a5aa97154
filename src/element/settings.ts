import type { SignerCredentials, SignerHeaders } from '../core/http-signer.js';
import type { UploaderOptions } from '../core/options.js';
import { createProtocol, isSupportedProvider } from '../protocols/providers.js';
import type { ProviderName, Signer } from '../protocols/signer.js';
import { UploadError } from '../transport/upload-error.js';
import type { CheckedAttribute } from './i18n/translation.js';
import { parseSize, parseWhole } from './parse-size.js';
import { checkProviderAttributes, type ProviderAttributes } from './provider-attributes.js';
import type { ProviderOptions } from '../protocols/providers.js';

/** Engine options the element has no attribute for (retry, timeouts, integrity, transport, …). */
export type EngineExtras = Omit<
  UploaderOptions,
  'protocol' | 'endpoint' | 'signer' | 'signerCredentials' | 'signerHeaders' | 'concurrency' | 'partSize' | 'maxFileSize' | 'accept' | 'objectKey'
>;

/** What the element's attributes and properties hold, unchecked. */
export interface ElementInputs extends ProviderAttributes {
  readonly provider: string;
  readonly endpoint: string | undefined;
  readonly signer: Signer | undefined;
  readonly signerCredentials: string | undefined;
  readonly signerHeaders: SignerHeaders | undefined;
  readonly concurrency: number | string | undefined;
  readonly partSize: number | string | undefined;
  readonly maxFileSize: number | string | undefined;
  readonly accept: string | undefined;
  readonly objectKey: ((file: File) => string | undefined) | undefined;
  readonly options: EngineExtras | undefined;
  /** The `file-md5` attribute: report the whole file's MD5 (an `options.fileMd5` also counts). */
  readonly fileMd5: boolean;
}

/** The tuning values in force: each one the last valid value it was given. */
export interface Tuning {
  readonly concurrency: number;
  readonly partSize: number | undefined;
  readonly maxFileSize: number | undefined;
}

export interface Problem {
  readonly attribute: CheckedAttribute;
  readonly value: string;
}

/** Which storage and backend new files go to. */
export interface Target {
  readonly provider: ProviderName;
  readonly providerOptions: ProviderOptions;
  readonly endpoint: string | undefined;
  readonly signer: Signer | undefined;
  readonly signerCredentials: SignerCredentials;
  readonly signerHeaders: SignerHeaders | undefined;
}

export interface Settings {
  readonly problems: readonly Problem[];
  readonly tuning: Tuning;
  /** Undefined when no upload may start: a bad provider or endpoint, or no backend at all. */
  readonly target: Target | undefined;
  /** False when neither an endpoint nor a signer is set (not a mistake yet, just unfinished). */
  readonly configured: boolean;
}

export const DEFAULT_TUNING: Tuning = Object.freeze({ concurrency: 4, partSize: undefined, maxFileSize: undefined });

/**
 * Checks the inputs. A bad tuning value (concurrency, part size, file size limit) keeps the
 * previous good one, since uploads work either way; a bad target (provider, endpoint) stops new
 * uploads, since guessing where files should go is worse than not sending them.
 */
export function resolveSettings(inputs: ElementInputs, previous: Tuning): Settings {
  const problems: Problem[] = [];
  const report = (attribute: CheckedAttribute, value: unknown): void => {
    problems.push({ attribute, value: String(value) });
  };

  let { concurrency, partSize, maxFileSize } = previous;
  if (inputs.concurrency === undefined) concurrency = DEFAULT_TUNING.concurrency;
  else {
    const parsed = parseWhole(inputs.concurrency);
    if (parsed !== undefined && parsed >= 1 && parsed <= 16) concurrency = parsed;
    else report('concurrency', inputs.concurrency);
  }
  if (inputs.partSize === undefined) partSize = undefined;
  else {
    const parsed = parseSize(inputs.partSize);
    if (parsed !== undefined && parsed > 0) partSize = parsed;
    else report('part-size', inputs.partSize);
  }
  if (inputs.maxFileSize === undefined) maxFileSize = undefined;
  else {
    const parsed = parseSize(inputs.maxFileSize);
    if (parsed !== undefined) maxFileSize = parsed;
    else report('max-file-size', inputs.maxFileSize);
  }

  const endpoint = inputs.endpoint?.trim() === '' ? undefined : inputs.endpoint?.trim();
  const configured = endpoint !== undefined || inputs.signer !== undefined;
  let targetOk = configured;
  if (!isSupportedProvider(inputs.provider)) {
    report('provider', inputs.provider);
    targetOk = false;
  }
  if (endpoint !== undefined && !isUrl(endpoint)) {
    report('endpoint', endpoint);
    targetOk = false;
  }
  const credentials = inputs.signerCredentials?.trim() || 'same-origin';
  if (credentials !== 'same-origin' && credentials !== 'include') {
    report('signer-credentials', inputs.signerCredentials);
    targetOk = false;
  }
  const providerCheck = checkProviderAttributes(inputs);
  for (const problem of providerCheck.problems) report(problem.attribute, problem.value);
  if (providerCheck.problems.length > 0) targetOk = false;
  const target =
    targetOk && isSupportedProvider(inputs.provider)
      ? {
          provider: inputs.provider,
          providerOptions: providerCheck.options,
          endpoint,
          signer: inputs.signer,
          signerCredentials: credentials === 'include' ? ('include' as const) : ('same-origin' as const),
          signerHeaders: inputs.signerHeaders,
        }
      : undefined;
  return { problems, tuning: { concurrency, partSize, maxFileSize }, target, configured };
}

function isUrl(value: string): boolean {
  try {
    new URL(value, globalThis.location?.href);
    return true;
  } catch {
    return false;
  }
}

/** Shallow equality of two records with the same keys. */
export function sameValues<T extends object>(a: T, b: T): boolean {
  return (Object.keys(a) as (keyof T)[]).every((key) => Object.is(a[key], b[key]));
}

/** The engine options for a checked target and tuning; the engine checks them once more. */
export function engineOptions(target: Target, tuning: Tuning, inputs: ElementInputs): UploaderOptions {
  const protocol = createProtocol(target.provider, target.providerOptions);
  if (protocol === undefined) throw new UploadError(`no adapter for provider ${target.provider}`, { kind: 'config' });
  const { partSize, maxFileSize, concurrency } = tuning;
  return {
    ...inputs.options,
    protocol,
    ...(target.endpoint === undefined ? {} : { endpoint: target.endpoint }),
    ...(target.signer === undefined ? {} : { signer: target.signer }),
    signerCredentials: target.signerCredentials,
    ...(target.signerHeaders === undefined ? {} : { signerHeaders: target.signerHeaders }),
    concurrency,
    ...(partSize === undefined ? {} : { partSize }),
    ...(maxFileSize === undefined ? {} : { maxFileSize }),
    ...(inputs.accept === undefined || inputs.accept === '' ? {} : { accept: inputs.accept }),
    ...(inputs.objectKey === undefined ? {} : { objectKey: inputs.objectKey }),
    ...(inputs.fileMd5 ? { fileMd5: true } : {}),
  };
}
