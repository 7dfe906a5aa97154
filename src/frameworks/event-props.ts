import { CHUNK_UPLOADER_EVENT_NAMES, type ChunkUploaderEventMap, type ChunkUploaderEventName } from '../element/element-events.js';

type Capitalized<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Capitalize<Head>}${Capitalized<Tail>}` : Capitalize<S>;

/** `chunk-upload-success` → `onUploadSuccess`: the camel-cased handler prop React wrappers take. */
export type EventPropName<K extends ChunkUploaderEventName> = K extends `chunk-${infer Rest}` ? `on${Capitalized<Rest>}` : never;

/** `chunk-upload-success` → `onChunkUploadSuccess`: the prop a Vue template's `@chunk-upload-success` becomes. */
export type VueEventPropName<K extends ChunkUploaderEventName> = `on${Capitalized<K>}`;

/** Each event's handler prop name, the event's type attached as a phantom (what @lit/react's `EventName` is). */
export type EventProps = {
  readonly [K in ChunkUploaderEventName as EventPropName<K>]: string & { readonly __eventType: ChunkUploaderEventMap[K] };
};

/** The runtime side of `EventProps`: `{ onUploadSuccess: 'chunk-upload-success', … }`. */
export function eventPropNames(): Record<string, string> {
  const camel = (name: string): string => name.replace(/^chunk-/, '').replace(/(^|-)(\w)/g, (_match, _dash: string, letter: string) => letter.toUpperCase());
  return Object.fromEntries(CHUNK_UPLOADER_EVENT_NAMES.map((name) => [`on${camel(name)}`, name]));
}
