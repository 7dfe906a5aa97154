/**
 * `chunk-uploader/vue`: defines `<chunk-uploader>` (every built-in target) and types it for Vue
 * templates, so vue-tsc with strictTemplates checks its props and `@chunk-*` events. Vue must
 * be told the tag is a custom element, at compile time:
 * `vue({ template: { compilerOptions: { isCustomElement } } })` in vite.config, with
 * `isCustomElement` from here. Vue is an optional peer dependency, used for types only.
 */
import type { EmitFn, HTMLAttributes, PublicProps } from 'vue';
import { ChunkUploader } from './chunk-uploader.js';
import type { ChunkUploaderEventMap } from './element/element-events.js';

/** The element's settable properties a template may bind (`:signer`, `part-size`, …). */
export type ChunkUploaderBindable =
  | 'targets'
  | 'provider'
  | 'endpoint'
  | 'signer'
  | 'signerCredentials'
  | 'signerHeaders'
  | 'multiple'
  | 'accept'
  | 'concurrency'
  | 'partSize'
  | 'maxFileSize'
  | 'disabled'
  | 'lang'
  | 'objectKey'
  | 'options'
  | 'fileMd5'
  | 'providerOptions';

/** What a template sees: Vue reads a component's props from `$props` and its events from `$emit`. */
export type ChunkUploaderVueComponent = new () => ChunkUploader & {
  /** @deprecated For template type checking only; not a property of the element. */
  $props: HTMLAttributes & Partial<Pick<ChunkUploader, ChunkUploaderBindable>> & PublicProps;
  /** @deprecated For template type checking only; not a property of the element. */
  $emit: EmitFn<{ [K in keyof ChunkUploaderEventMap]: (event: ChunkUploaderEventMap[K]) => void }>;
};

/** For Vue's `compilerOptions.isCustomElement`: true for `chunk-uploader`, so Vue leaves it to the browser. */
export function isCustomElement(tag: string): boolean {
  return tag === 'chunk-uploader';
}

/**
 * `app.use(chunkUploaderPlugin)`: the same for Vue's runtime template compiler (templates
 * compiled in the browser); SFCs compiled by Vite need `isCustomElement` in vite.config.
 */
export const chunkUploaderPlugin = {
  install(app: { config: { compilerOptions: { isCustomElement?: (tag: string) => boolean } } }): void {
    const before = app.config.compilerOptions.isCustomElement;
    app.config.compilerOptions.isCustomElement = (tag) => isCustomElement(tag) || (before?.(tag) ?? false);
  },
};

export { ChunkUploader };
export type { ChunkUploaderEventMap };

declare module 'vue' {
  interface GlobalComponents {
    'chunk-uploader': ChunkUploaderVueComponent;
  }
}
