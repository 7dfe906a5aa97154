/**
 * The default element entry: importing it defines `<chunk-uploader>` knowing every built-in
 * target. `./element.js` is the same element with the targets the page gives it; `./index.js`
 * the headless engine alone.
 */
import { ChunkUploader } from './element/chunk-uploader.component.js';
import { builtInTargets } from './protocols/built-in-targets.js';
import { defineChunkUploader } from './element/define.js';

export * from './element.js';
export * from './index.js';

// An element with no `targets` property of its own knows every built-in target.
if (ChunkUploader.defaultTargets.length === 0) ChunkUploader.defaultTargets = builtInTargets();
defineChunkUploader();
