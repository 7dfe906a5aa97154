/**
 * `chunk-uploader/react`: `<ChunkUploaderReact>` (made with @lit/react), with typed props for
 * every attribute and property (`signer`, `objectKey`, `targets`, …) and camel-cased event props
 * (`onUploadSuccess`, …). Importing it also types plain `<chunk-uploader>` in React 19's JSX,
 * which sets properties and listens to `on<event-name>` props on custom elements itself.
 * React is an optional peer dependency; importing this module in Node (SSR) does not throw.
 */
import * as React from 'react';
import { createComponent, type WebComponentProps } from '@lit/react';
import { ChunkUploader } from './chunk-uploader.js';
import type { ChunkUploaderEventMap, ChunkUploaderEventName } from './element/element-events.js';
import { eventPropNames, type EventProps } from './frameworks/event-props.js';

/** The `events` map of `createComponent`, each name carrying its event's type. */
const events = eventPropNames() as unknown as EventProps;

export const ChunkUploaderReact = createComponent({
  react: React,
  tagName: 'chunk-uploader',
  elementClass: ChunkUploader,
  events,
  displayName: 'ChunkUploader',
});

/** The wrapper's props: `<ChunkUploaderReact {...props} />`. */
export type ChunkUploaderReactProps = React.ComponentProps<typeof ChunkUploaderReact>;

/** React 19 passes `on<event-name>` on a custom element to addEventListener as is. */
type NativeEventProps = { [K in ChunkUploaderEventName as `on${K}`]?: (event: ChunkUploaderEventMap[K]) => void };

/** Props of plain `<chunk-uploader>` in React 19 JSX. */
export type ChunkUploaderJsxProps = WebComponentProps<ChunkUploader> & NativeEventProps;

export { ChunkUploader };
export type { ChunkUploaderEventMap, ChunkUploaderEventName };

declare module 'react' {
  // React declares its JSX types in a namespace; augmenting them takes one.
  // eslint-disable-next-line @typescript-eslint/no-namespace, no-restricted-syntax
  namespace JSX {
    interface IntrinsicElements {
      'chunk-uploader': ChunkUploaderJsxProps;
    }
  }
}
