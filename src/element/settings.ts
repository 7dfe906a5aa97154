import type { SignerCredentials, SignerHeaders } from '../core/http-signer.js';
import type { UploaderOptions } from '../core/options.js';
import type { Signer } from '../contracts/signer.js';
import type { Target, Translated } from '../contracts/target.js';
import type { CheckedAttribute, CoreAttribute } from './i18n/translation.js';
import { parseSize, parseWhole } from '../contracts/parse-size.js';
import { checkTargetAttributes, type TargetAttributeValues } from './target-attributes.js';
import { parseUploadOrigins, splitOrigins } from '../core/upload-origins.js';

/** Engine options the element has no attribute for (retry, timeouts, integrity, transport, …). */
export type EngineExtras = Omit<
  UploaderOptions,
  'targets' | 'target' | 'endpoint' | 'signer' | 'signerCredentials' | 'signerHeaders' | 'concurrency' | 'partSize' | 'maxFileSize' | 'accept' | 'objectKey' | 'uploadOrigins'
>;

/** What the element's attributes and properties hold, unchecked. */
export interface ElementInputs {
  /** The targets the element knows; `provider` names one of them. */
  readonly targets: readonly Target[];
  /** A target's name; may be unset when there is only one target. */
  readonly provider: string | undefined;
  /** The targets' own attributes as set (target-attributes.ts). */
  readonly targetAttributes: TargetAttributeValues;
  /** Target options no attribute covers (Qiniu's customVars and metadata, …), property only. */
  readonly providerOptions: object | undefined;
  readonly endpoint: string | undefined;
  readonly signer: Signer | undefined;
  readonly signerCredentials: string | undefined;
  readonly signerHeaders: SignerHeaders | undefined;
  readonly concurrency: number | string | undefined;
  readonly partSize: number | string | undefined;
  readonly maxFileSize: number | string | undefined;
  /** The `upload-origins` attribute: origins separated by spaces or commas. */
  readonly uploadOrigins: string | undefined;
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

/** A refused value: of the element's own attributes, or of a target's (with the target's own sentence). */
export type Problem =
  | { readonly attribute: CoreAttribute; readonly value: string; readonly message?: undefined }
  | { readonly attribute: CheckedAttribute; readonly value: string; readonly message: Translated<[value: string]> };

/** Which storage and backend new files go to. */
export interface Route {
  readonly target: Target;
  /** Options the target's attributes and `providerOptions` set. */
  readonly overrides: object;
  readonly endpoint: string | undefined;
  readonly signer: Signer | undefined;
  readonly signerCredentials: SignerCredentials;
  readonly signerHeaders: SignerHeaders | undefined;
  readonly uploadOrigins: readonly string[] | undefined;
}

export interface Settings {
  readonly problems: readonly Problem[];
  readonly tuning: Tuning;
  /** Undefined when no upload may start: a bad provider or endpoint, or no backend at all. */
  readonly route: Route | undefined;
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
  const report = (attribute: CoreAttribute, value: unknown): void => {
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
  let routeOk = configured;
  // With one target, naming it is optional; with several, guessing would send files to the wrong storage.
  const provider = inputs.provider?.trim() ?? '';
  const target =
    provider === '' ? (inputs.targets.length === 1 ? inputs.targets[0] : undefined) : inputs.targets.find((candidate) => candidate.name === provider);
  if (target === undefined) {
    // A missing provider is a mistake only once a backend is set (an element being set up is quiet).
    if (provider !== '' || configured) report('provider', provider);
    routeOk = false;
  }
  if (endpoint !== undefined && !isUrl(endpoint)) {
    report('endpoint', endpoint);
    routeOk = false;
  }
  const credentials = inputs.signerCredentials?.trim() || 'same-origin';
  if (credentials !== 'same-origin' && credentials !== 'include') {
    report('signer-credentials', inputs.signerCredentials);
    routeOk = false;
  }
  // A broken allowlist stops uploads: sending anywhere would defeat its purpose.
  const uploadOrigins = inputs.uploadOrigins === undefined || inputs.uploadOrigins.trim() === '' ? undefined : splitOrigins(inputs.uploadOrigins);
  if (uploadOrigins !== undefined && 'invalid' in parseUploadOrigins(uploadOrigins)) {
    report('upload-origins', inputs.uploadOrigins);
    routeOk = false;
  }
  const attributes = checkTargetAttributes(inputs.targets, target, inputs.targetAttributes, inputs.providerOptions);
  problems.push(...attributes.problems);
  if (attributes.problems.length > 0) routeOk = false;
  const route =
    routeOk && target !== undefined
      ? {
          target,
          overrides: attributes.overrides,
          endpoint,
          signer: inputs.signer,
          signerCredentials: credentials === 'include' ? ('include' as const) : ('same-origin' as const),
          signerHeaders: inputs.signerHeaders,
          uploadOrigins,
        }
      : undefined;
  return { problems, tuning: { concurrency, partSize, maxFileSize }, route, configured };
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
export function engineOptions(route: Route, tuning: Tuning, inputs: ElementInputs): UploaderOptions {
  const { target, overrides } = route;
  const { partSize, maxFileSize, concurrency } = tuning;
  return {
    ...inputs.options,
    // The attributes' options go into the adapter the engine makes.
    targets: [{ ...target, protocol: () => target.protocol(overrides) }],
    ...(route.endpoint === undefined ? {} : { endpoint: route.endpoint }),
    ...(route.signer === undefined ? {} : { signer: route.signer }),
    signerCredentials: route.signerCredentials,
    ...(route.signerHeaders === undefined ? {} : { signerHeaders: route.signerHeaders }),
    ...(route.uploadOrigins === undefined ? {} : { uploadOrigins: route.uploadOrigins }),
    concurrency,
    ...(partSize === undefined ? {} : { partSize }),
    ...(maxFileSize === undefined ? {} : { maxFileSize }),
    ...(inputs.accept === undefined || inputs.accept === '' ? {} : { accept: inputs.accept }),
    ...(inputs.objectKey === undefined ? {} : { objectKey: inputs.objectKey }),
    ...(inputs.fileMd5 ? { fileMd5: true } : {}),
  };
}
