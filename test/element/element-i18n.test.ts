import { expect } from '@esm-bundle/chai';
import type { ChunkUploader } from '../../src/element/chunk-uploader.component.js';
import { messageText, mountUploader, pickButton, row, rowButton, shadow, whenQueueDone } from '../helpers/element.js';
import { md5Hex, testFile } from '../helpers/files.js';
import { storedObject, uniquePrefix } from '../helpers/servers.js';

function text(node: Element | null): string {
  return node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
}

describe('<chunk-uploader> · languages', () => {
  let el: ChunkUploader | undefined;
  let wrapper: HTMLElement | undefined;
  const documentLang = document.documentElement.getAttribute('lang');

  afterEach(() => {
    el?.remove();
    wrapper?.remove();
    if (documentLang === null) document.documentElement.removeAttribute('lang');
    else document.documentElement.setAttribute('lang', documentLang);
  });

  it('speaks Simplified Chinese with lang="zh-CN": drop zone, states, sizes, buttons and messages', async () => {
    const prefix = uniquePrefix('el-zh');
    const file = testFile(2500, { seed: 91, name: '报告.bin' });
    el = await mountUploader(prefix, { lang: 'zh-CN', multiple: '', concurrency: '0' });
    const done = whenQueueDone(el);

    el.addFiles([file]);
    await done;
    await el.updateComplete;

    expect(text(pickButton(el))).to.equal('将文件拖到此处，或 选择文件');
    expect(text(row(el, '报告.bin').querySelector('.state'))).to.equal('已上传');
    expect(text(row(el, '报告.bin').querySelector('.size'))).to.equal('2.5 kB');
    expect(rowButton(el, '报告.bin', 'remove').getAttribute('aria-label')).to.equal('从列表中移除 报告.bin');
    expect(text(shadow(el).querySelector('.summary .counts'))).to.equal('共 1 个文件，已上传 1 个');
    expect(text(shadow(el).querySelector('.summary .total-line'))).to.equal('已上传 2.5 kB，共 2.5 kB');
    expect(messageText(el)).to.contain('concurrency 必须是 1 到 16 之间的整数');
    expect((await storedObject('oss', `${prefix}报告.bin`))?.md5).to.equal(await md5Hex(file));
  });

  it('follows the closest ancestor with a lang attribute unless it has its own', async () => {
    wrapper = document.createElement('div');
    wrapper.lang = 'zh';
    document.body.append(wrapper);
    el = await mountUploader(uniquePrefix('el-zh-parent'), {}, () => undefined, wrapper);
    const before = text(pickButton(el));

    el.lang = 'en-GB';
    await el.updateComplete;

    expect(before).to.equal('将文件拖到此处，或 选择一个文件');
    expect(text(pickButton(el))).to.equal('Drop a file here or choose a file');
  });

  it('re-renders when the document language changes', async () => {
    el = await mountUploader(uniquePrefix('el-doc-lang'), { multiple: '' });
    const before = text(pickButton(el));

    document.documentElement.lang = 'zh-CN';
    await new Promise<void>((resolve) => queueMicrotask(resolve));
    await el.updateComplete;
    const after = text(pickButton(el));

    expect(before).to.equal('Drop files here or choose files');
    expect(after).to.equal('将文件拖到此处，或 选择文件');
  });

  it('falls back to English for a language it has no translation for', async () => {
    el = await mountUploader(uniquePrefix('el-fr'), { lang: 'fr' });

    expect(text(pickButton(el))).to.equal('Drop a file here or choose a file');
  });
});
