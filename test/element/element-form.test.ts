import { expect } from '@esm-bundle/chai';
import type { ChunkUploader } from '../../src/element/chunk-uploader.component.js';
import { mountUploader, pickButton, whenQueueDone, whenState } from '../helpers/element.js';
import { nextEvent } from '../helpers/events.js';
import { md5Hex, testFile } from '../helpers/files.js';
import { addFault, clearFaults, storedObject, uniquePrefix } from '../helpers/servers.js';

/** A form that submits (GET) into an iframe, so a test can read what the browser sent. */
function formWithFrame(): { form: HTMLFormElement; frame: HTMLIFrameElement; submit: HTMLButtonElement } {
  const frame = document.createElement('iframe');
  frame.name = `target-${Math.random().toString(36).slice(2)}`;
  const form = document.createElement('form');
  form.method = 'get';
  form.action = `${location.origin}/form-target`;
  form.target = frame.name;
  const note = document.createElement('input');
  note.name = 'note';
  note.value = 'hello';
  const submit = document.createElement('button');
  submit.type = 'submit';
  submit.textContent = 'Send';
  form.append(note, submit);
  document.body.append(frame, form);
  return { form, frame, submit };
}

function loaded(frame: HTMLIFrameElement): Promise<URLSearchParams> {
  return new Promise((resolve) => frame.addEventListener('load', () => resolve(new URLSearchParams(frame.contentWindow!.location.search)), { once: true }));
}

describe('<chunk-uploader> · in a form', () => {
  let el: ChunkUploader | undefined;
  let parts: ReturnType<typeof formWithFrame> | undefined;

  afterEach(async () => {
    el?.remove();
    parts?.form.remove();
    parts?.frame.remove();
    await clearFaults('oss');
  });

  it('blocks submit while an upload is pending, then submits one entry per uploaded key; reset empties the list', async () => {
    const prefix = uniquePrefix('el-form');
    const files = [testFile(3000, { seed: 501, name: 'one.bin' }), testFile(5000, { seed: 502, name: 'two.bin' })];
    parts = formWithFrame();
    await addFault('oss', { op: 'UploadPart', action: 'stall', key: `${prefix}two.bin`, afterBytes: 0 });
    el = await mountUploader(prefix, { name: 'files', multiple: '', required: '' }, () => undefined, parts.form);
    const emptyMessage = el.validationMessage;
    const uploading = whenState(el, 'two.bin', 'uploading');
    const oneDone = whenState(el, 'one.bin', 'done');
    el.addFiles(files);
    await Promise.all([uploading, oneDone]);
    await el.updateComplete;

    let submitted = 0;
    parts.form.addEventListener('submit', () => (submitted += 1));
    const invalid = nextEvent(el, 'invalid');
    parts.submit.click();
    await invalid;
    const blocked = { submitted, valid: parts.form.checkValidity(), message: el.validationMessage, entries: new FormData(parts.form).getAll('files') };

    el.uploader!.pause(el.tasks[1]!.id);
    await el.updateComplete;
    const pausedValid = parts.form.checkValidity();
    await clearFaults('oss');
    const done = whenQueueDone(el);
    el.uploader!.resume(el.tasks[1]!.id);
    await done;
    await el.updateComplete;
    const keys = el.tasks.map((task) => task.key);
    const entries = new FormData(parts.form).getAll('files');
    const sent = loaded(parts.frame);
    parts.submit.click();
    const query = await sent;

    parts.form.reset();
    await el.updateComplete;

    expect(emptyMessage).to.equal('Please upload at least one file.');
    expect(blocked).to.deep.equal({ submitted: 0, valid: false, message: 'Please wait until the uploads have finished.', entries: [`${prefix}one.bin`] });
    expect(pausedValid, 'a paused upload still blocks the form').to.equal(false);
    expect(entries).to.deep.equal(keys);
    expect(submitted).to.equal(1);
    expect(query.getAll('files')).to.deep.equal(keys);
    expect(query.get('note')).to.equal('hello');
    expect(el.tasks).to.deep.equal([]);
    expect(new FormData(parts.form).getAll('files')).to.deep.equal([]);
    expect(el.validity.valueMissing).to.equal(true);
    for (const file of files) expect((await storedObject('oss', `${prefix}${file.name}`))?.md5).to.equal(await md5Hex(file));
  });

  it('reports failed uploads as invalid in Chinese, and stops picking inside a disabled fieldset', async () => {
    const prefix = uniquePrefix('el-form-fail');
    const file = testFile(1000, { seed: 503, name: 'bad.bin' });
    parts = formWithFrame();
    const fieldset = document.createElement('fieldset');
    parts.form.append(fieldset);
    await addFault('oss', { op: 'UploadPart', action: 'status', status: 400, keyPrefix: prefix, body: '<Error><Code>InvalidArgument</Code></Error>' });
    el = await mountUploader(prefix, { name: 'files', lang: 'zh-CN' }, () => undefined, fieldset);
    const failed = whenState(el, 'bad.bin', 'failed');
    el.addFiles([file]);
    await failed;
    await el.updateComplete;
    const message = el.validationMessage;
    const valid = parts.form.checkValidity();

    fieldset.disabled = true;
    await el.updateComplete;
    const pickDisabled = pickButton(el).disabled;
    fieldset.disabled = false;
    await el.updateComplete;

    expect(message).to.equal('部分文件上传失败，请先重试或移除。');
    expect(valid).to.equal(false);
    expect(pickDisabled).to.equal(true);
    expect(pickButton(el).disabled).to.equal(false);
    expect(el.form).to.equal(parts.form);
    expect(await storedObject('oss', `${prefix}bad.bin`)).to.equal(null);
  });
});
