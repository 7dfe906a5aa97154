import { expect } from '@esm-bundle/chai';
import type { ChunkUploader } from '../../src/element/chunk-uploader.component.js';
import type { InterruptedChangeEvent } from '../../src/element/interrupted-change-event.js';
import { mountUploader } from './element.js';
import { nextEvent } from './events.js';
import { KiB, md5Hex } from './files.js';
import { addFault, clearFaults, storedObject } from './servers.js';

export const PART = 128 * KiB;
/** Eight parts: slow enough, with a delay on each, to stop half-way. */
export const SIZE = 8 * PART + 1000;

export function text(node: Element | null | undefined): string {
  return node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
}

export function buttonsOf(entry: HTMLElement): string[] {
  return [...entry.querySelectorAll<HTMLButtonElement>('[part~="button"]')].map((button) => button.getAttribute('aria-label') ?? '');
}

export async function expectStored(prefix: string, file: File): Promise<void> {
  const stored = await storedObject('oss', `${prefix}${file.name}`);
  expect(stored, file.name).to.not.equal(null);
  expect(stored!.md5, `MD5 of ${file.name}`).to.equal(await md5Hex(file));
}

/**
 * Starts a file in a first element, lets the storage acknowledge three parts, then stops it the
 * way a closed tab does (`destroy()`: nothing told to the storage, the journal written).
 */
export async function interruptAfterThreeParts(prefix: string, give: (el: ChunkUploader) => void): Promise<void> {
  await addFault('oss', { op: 'UploadPart', action: 'delay', delayMs: 150, keyPrefix: prefix });
  const first = await mountUploader(prefix, { 'part-size': String(PART), concurrency: '2' });
  let parts = 0;
  const third = nextEvent(first, 'chunk-part-complete', () => (parts += 1) >= 3);
  give(first);
  await third;
  await first.uploader!.destroy();
  first.remove();
  await clearFaults('oss');
}

/** A second element on the same journal, as after a reload, with its first list read. */
export async function mountAgain(prefix: string, attributes: Record<string, string> = {}): Promise<{ el: ChunkUploader; first: InterruptedChangeEvent }> {
  let listed: Promise<InterruptedChangeEvent> | undefined;
  const el = await mountUploader(prefix, { 'part-size': String(PART), concurrency: '2', ...attributes }, (e) => {
    listed = nextEvent<InterruptedChangeEvent>(e, 'chunk-interrupted-change');
  });
  const first = await listed!;
  await el.updateComplete;
  return { el, first };
}
