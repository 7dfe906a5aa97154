import { UPLOADER_EVENT_NAMES, type UploaderEventMap } from '../core/events.js';
import type { ConfigErrorEvent } from './config-error-event.js';
import type { InterruptedChangeEvent } from './interrupted-change-event.js';

/** Every event `<chunk-uploader>` dispatches (bubbling, composed), by name: the framework typings read it. */
export interface ChunkUploaderEventMap extends UploaderEventMap {
  'chunk-config-error': ConfigErrorEvent;
  'chunk-interrupted-change': InterruptedChangeEvent;
}

export type ChunkUploaderEventName = keyof ChunkUploaderEventMap;

export const CHUNK_UPLOADER_EVENT_NAMES: readonly ChunkUploaderEventName[] = [
  ...UPLOADER_EVENT_NAMES,
  'chunk-config-error',
  'chunk-interrupted-change',
];
