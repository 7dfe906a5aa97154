import { expect } from '@esm-bundle/chai';
import type { ChunkUploader } from '../../src/element/chunk-uploader.component.js';
import { THUMBNAIL_MAX_BYTES, Thumbnails } from '../../src/element/thumbnails.js';
import { mountUploader, row, whenQueueDone } from '../helpers/element.js';
import { md5Hex, testFile } from '../helpers/files.js';
import { storedObject, uniquePrefix } from '../helpers/servers.js';

/** A real PNG, drawn in the page. */
async function png(name: string, width: number, height: number): Promise<File> {
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d');
  if (context === null) throw new Error('no 2d context');
  context.fillStyle = '#c00';
  context.fillRect(0, 0, width, height);
  context.fillStyle = '#0a0';
  context.fillRect(0, 0, width / 2, height / 2);
  const blob = await canvas.convertToBlob({ type: 'image/png' });
  return new File([blob], name, { type: 'image/png' });
}

/** Two animation frames and the element's update: the element renders on animation frames. */
async function rendered(el: ChunkUploader): Promise<void> {
  for (let i = 0; i < 2; i += 1) await new Promise((resolve) => requestAnimationFrame(resolve));
  await el.updateComplete;
}

describe('<chunk-uploader> · previews and type icons', () => {
  let el: ChunkUploader | undefined;
  const original = globalThis.createImageBitmap;
  let decodes: { options: ImageBitmapOptions; decoded: Promise<ImageBitmap> }[] = [];

  beforeEach(() => {
    decodes = [];
    globalThis.createImageBitmap = ((source: ImageBitmapSource, options?: ImageBitmapOptions) => {
      const decoded = original(source, options);
      decodes.push({ options: options ?? {}, decoded });
      return decoded;
    }) as typeof createImageBitmap;
  });

  afterEach(() => {
    el?.remove();
    globalThis.createImageBitmap = original;
  });

  it('shows a preview decoded by createImageBitmap with resize options for an image, and a type icon otherwise', async () => {
    const prefix = uniquePrefix('el-preview');
    const image = await png('picture.png', 400, 300);
    const files = [
      image,
      testFile(5000, { seed: 701, name: 'notes.pdf', type: 'application/pdf' }),
      testFile(3000, { seed: 702, name: 'bundle.zip', type: 'application/zip' }),
      testFile(3000, { seed: 703, name: 'clip.mp4', type: 'video/mp4' }),
    ];
    el = await mountUploader(prefix, { multiple: '' });
    const done = whenQueueDone(el);

    el.addFiles(files);
    expect(decodes, 'one decode, for the image only').to.have.length(1);
    await decodes[0]!.decoded;
    await rendered(el);
    const canvas = row(el, 'picture.png').querySelector<HTMLCanvasElement>('canvas.thumbnail');
    const height = decodes[0]!.options.resizeHeight ?? 0;
    expect(height).to.be.within(48, 144);
    expect(decodes[0]!.options.resizeWidth, 'the width follows the aspect ratio').to.equal(undefined);
    expect(canvas, 'a preview canvas').to.not.equal(null);
    expect(canvas!.height).to.equal(height);
    expect(canvas!.width).to.equal(Math.round((400 / 300) * height));
    expect(canvas!.getAttribute('aria-hidden'), 'decorative: the name says it').to.equal('true');
    expect(row(el, 'notes.pdf').querySelector('[part~="preview"] > .file-icon')?.getAttribute('data-kind')).to.equal('document');
    expect(row(el, 'bundle.zip').querySelector('.file-icon')?.getAttribute('data-kind')).to.equal('archive');
    expect(row(el, 'clip.mp4').querySelector('.file-icon')?.getAttribute('data-kind')).to.equal('video');

    await done;
    for (const file of files) expect((await storedObject('oss', `${prefix}${file.name}`))?.md5, file.name).to.equal(await md5Hex(file));
  });

  it('keeps the image icon for an image the browser cannot decode', async () => {
    const prefix = uniquePrefix('el-preview-broken');
    const broken = testFile(2000, { seed: 704, name: 'broken.png', type: 'image/png' });
    el = await mountUploader(prefix);
    const done = whenQueueDone(el);

    el.addFiles([broken]);
    expect(decodes).to.have.length(1);
    const failed = await decodes[0]!.decoded.then(
      () => false,
      () => true,
    );
    expect(failed, 'random bytes are no PNG').to.equal(true);
    await rendered(el);
    expect(row(el, 'broken.png').querySelector('canvas.thumbnail')).to.equal(null);
    expect(row(el, 'broken.png').querySelector('.file-icon')?.getAttribute('data-kind')).to.equal('image');
    await done;
    expect((await storedObject('oss', `${prefix}broken.png`))?.md5).to.equal(await md5Hex(broken));
  });

  it('does not decode an image over the size limit, nor anything once its task is gone', async () => {
    let changes = 0;
    const thumbnails = new Thumbnails(() => {
      changes += 1;
    });
    const huge = new File([new Uint8Array(8)], 'huge.png', { type: 'image/png' });
    Object.defineProperty(huge, 'size', { value: THUMBNAIL_MAX_BYTES + 1 });
    thumbnails.want('huge', huge);
    expect(decodes, 'no decode over the limit').to.have.length(0);
    expect(thumbnails.get('huge')).to.equal(undefined);

    thumbnails.want('small', await png('small.png', 20, 10));
    thumbnails.want('small', await png('small.png', 20, 10));
    expect(decodes, 'one decode per task').to.have.length(1);
    await decodes[0]!.decoded;
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(changes).to.equal(1);
    const bitmap = thumbnails.get('small');
    expect(bitmap?.height).to.be.within(48, 144);
    thumbnails.keepOnly([]);
    expect(thumbnails.get('small'), 'freed with its task').to.equal(undefined);
    expect(bitmap?.width, 'closed').to.equal(0);
  });
});
