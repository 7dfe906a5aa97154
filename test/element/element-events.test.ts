import { expect } from '@esm-bundle/chai';
import { UPLOADER_EVENT_NAMES, type UploaderEventMap } from '../../src/core/events.js';
import type { ChunkUploader } from '../../src/element/chunk-uploader.component.js';
import { mountUploader, whenQueueDone } from '../helpers/element.js';
import { recordEvents } from '../helpers/events.js';
import { md5Hex, testFile } from '../helpers/files.js';
import { requestsSeen, storedObject, uniquePrefix } from '../helpers/servers.js';

/** Every distinct target engine-named events reached `at` from. */
function watchTargets(at: EventTarget): { readonly seen: Set<EventTarget | null>; stop(): void } {
  const seen = new Set<EventTarget | null>();
  const listener = (event: Event): void => {
    seen.add(event.target);
  };
  UPLOADER_EVENT_NAMES.forEach((name) => at.addEventListener(name, listener));
  return { seen, stop: () => UPLOADER_EVENT_NAMES.forEach((name) => at.removeEventListener(name, listener)) };
}

describe('<chunk-uploader> · events', () => {
  let el: ChunkUploader | undefined;

  afterEach(() => {
    el?.remove();
  });

  it('re-dispatches every engine event from the element, bubbling out of the shadow root in order', async () => {
    const prefix = uniquePrefix('el-events');
    const file = testFile(1, { seed: 51 });
    el = await mountUploader(prefix);
    const recorder = recordEvents(document, UPLOADER_EVENT_NAMES);
    const targets = watchTargets(document);
    const done = whenQueueDone(el);

    el.addFiles([file]);
    await done;
    recorder.stop();
    targets.stop();

    const withoutProgress = recorder.events.filter((event) => event.name !== 'chunk-upload-progress');
    const step = (event: { name: string; detail: unknown }): string =>
      event.name === 'chunk-upload-state' ? `state:${(event.detail as UploaderEventMap['chunk-upload-state']['detail']).to}` : event.name;
    expect(withoutProgress.map(step)).to.deep.equal([
      'chunk-file-add',
      'state:preparing',
      'chunk-upload-start',
      'state:uploading',
      'chunk-part-complete',
      'state:completing',
      'state:done',
      'chunk-upload-success',
      'chunk-queue-complete',
    ]);
    const progress = recorder.events.filter((event) => event.name === 'chunk-upload-progress');
    const last = progress.at(-1)?.detail as UploaderEventMap['chunk-upload-progress']['detail'] | undefined;
    expect(last).to.include({ loaded: 1, total: 1 });
    expect([...targets.seen]).to.deep.equal([el]);
    expect((await storedObject('oss', `${prefix}${file.name}`))?.md5).to.equal(await md5Hex(file));
  });

  it('lets the page veto files with preventDefault() on chunk-file-add', async () => {
    const prefix = uniquePrefix('el-veto');
    const file = testFile(100, { seed: 52 });
    el = await mountUploader(prefix);
    const veto = (event: Event): void => event.preventDefault();
    document.addEventListener('chunk-file-add', veto);

    const added = el.addFiles([file]);
    document.removeEventListener('chunk-file-add', veto);
    await el.updateComplete;

    expect(added).to.deep.equal([]);
    expect(el.tasks).to.deep.equal([]);
    expect(el.shadowRoot!.querySelector('[part~="file"]')).to.equal(null);
    expect(await requestsSeen('oss', { keyPrefix: prefix })).to.deep.equal([]);
    expect(await storedObject('oss', `${prefix}${file.name}`)).to.equal(null);
  });

  it('uploads a file the page did not veto after vetoing another', async () => {
    const prefix = uniquePrefix('el-veto-some');
    const vetoed = testFile(10, { seed: 53, name: 'vetoed.bin' });
    const kept = testFile(10, { seed: 54, name: 'kept.bin' });
    el = await mountUploader(prefix);
    const veto = (event: UploaderEventMap['chunk-file-add']): void => {
      if (event.detail.files.some((f) => f.name === 'vetoed.bin')) event.preventDefault();
    };
    el.addEventListener('chunk-file-add', veto);
    const done = whenQueueDone(el);

    el.addFiles([vetoed]);
    el.addFiles([kept]);
    await done;

    expect(el.tasks.map((task) => task.name)).to.deep.equal(['kept.bin']);
    expect(await storedObject('oss', `${prefix}vetoed.bin`)).to.equal(null);
    expect((await storedObject('oss', `${prefix}kept.bin`))?.md5).to.equal(await md5Hex(kept));
  });
});
