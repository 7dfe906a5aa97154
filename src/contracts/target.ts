import type { PartLimits, Protocol } from './protocol.js';
import type { OperationMap, SignAnswerOf, SignOptions, SignRequestOf } from './signer.js';

/**
 * A storage target as one definition (DESIGN.md, "A target is one module"): its name, limits,
 * adapter factory, signer operations, element attributes with their messages, and what the
 * playground shows. The engine and the element take a list of these and name none of them.
 */
export interface Target<Name extends string = string, Ops extends OperationMap = OperationMap, Options extends object = object> {
  /** The `provider` attribute's value, the signer route (`<endpoint>/<op>`), the journal's scope. */
  readonly name: Name;
  readonly limits: TargetLimits;
  /**
   * The adapter. `overrides` (the element's parsed attributes, its `providerOptions`) lie over the
   * options the target's factory was given. Throws a typed `invalid` UploadError on bad options.
   */
  protocol(overrides?: Partial<Options>): Protocol;
  /** Element attributes this target reads, besides the ones every target shares. */
  readonly attributes?: readonly TargetAttribute<Options>[];
  /** What the playground (demo/) and the conformance suite need. */
  readonly demo?: TargetDemo;
  /** Type only, never set: the signer operations, read by `SignerFor`. */
  readonly operations?: Ops;
}

export interface TargetLimits extends PartLimits {
  /**
   * Largest object the service stores, in bytes; `Number.MAX_SAFE_INTEGER` where none is
   * documented. A bigger file is turned away when it is added (`chunk-file-reject`,
   * `file-too-large`), before any request.
   */
  readonly maxObjectSize: number;
}

/** Text in every language the element ships. */
export interface Translated<Args extends unknown[] = []> {
  readonly en: (...args: Args) => string;
  readonly 'zh-CN': (...args: Args) => string;
}

/** One element attribute a target reads, with how its text becomes options. */
export interface TargetAttribute<Options extends object> {
  /** Kebab-case (`upload-hosts`). */
  readonly name: string;
  /** `boolean`: on when present, whatever its text (like `overwrite`). Default `text`. */
  readonly type?: 'text' | 'boolean';
  /** The options the text means; undefined when the text is not valid (a config error). */
  parse(text: string): Partial<Options> | undefined;
  /** The problem shown for an invalid value; uploads stop until it is fixed. */
  readonly invalid: Translated<[value: string]>;
}

export interface TargetDemo {
  /** Shown in the playground's provider switch. */
  readonly label: string;
  /**
   * Emulator operations, as its request log names them, that carry part bytes: the chaos panel
   * and the conformance suite aim faults at these (`*` for every operation).
   */
  readonly partOps: readonly string[];
}

/** A target, or what a target factory returns. */
type TargetOf<T> = T extends (...args: never[]) => infer R ? R : T;

/** Every request the signer of these targets receives (a union of targets gives a union of requests). */
export type SignRequestFor<T> = TargetOf<T> extends infer U ? (U extends Target<infer Name, infer Ops> ? SignRequestOf<Ops, Name> : never) : never;

/** Every answer the signer of these targets may give. */
export type SignAnswerFor<T> = TargetOf<T> extends infer U ? (U extends Target<string, infer Ops> ? SignAnswerOf<Ops> : never) : never;

/**
 * A page's signer callback, typed by the target (or targets) it serves:
 * `const signer: SignerFor<typeof s3> = async (request) => { switch (request.op) { … } }`.
 */
export type SignerFor<T> = (request: SignRequestFor<T>, options: SignOptions) => Promise<SignAnswerFor<T>>;
