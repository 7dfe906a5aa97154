import { expect } from '@esm-bundle/chai';
import type { UploaderEventMap } from '../../src/core/events.js';
import { createOssProtocol } from '../../src/protocols/oss.js';
import { createQiniuProtocol } from '../../src/protocols/qiniu.js';
import { parseHeaders } from '../../src/transport/xhr-transport.js';
import { engineFor, queueDone } from '../helpers/engine.js';
import { recordEvents } from '../helpers/events.js';
import { KiB, md5Hex, testFile } from '../helpers/files.js';
import { addFault, storedObject, uniquePrefix } from '../helpers/servers.js';

type Retry = UploaderEventMap['chunk-upload-retry']['detail'];

/** A 429 that asks for `seconds` and lets the page read its Retry-After (CORS). */
const throttled = (seconds: number, body: string) => ({
  action: 'status' as const,
  status: 429,
  body,
  headers: { 'Retry-After': String(seconds), 'Access-Control-Expose-Headers': 'Retry-After' },
  nth: [1],
});

/** Issue 11.7: Retry-After everywhere, read without asking the browser for hidden headers. */
describe('Retry-After', () => {
  let asked: string[] = [];
  const original = XMLHttpRequest.prototype.getResponseHeader;
  beforeEach(() => {
    asked = [];
    XMLHttpRequest.prototype.getResponseHeader = function (this: XMLHttpRequest, name: string) {
      asked.push(name);
      return original.call(this, name);
    };
  });
  afterEach(() => {
    XMLHttpRequest.prototype.getResponseHeader = original;
  });

  it('Qiniu honours the Retry-After of a 429', async () => {
    const prefix = uniquePrefix('qiniu-429');
    const file = testFile(64 * KiB, { seed: 141 });
    await addFault('qiniu', { op: 'mkblk', keyPrefix: prefix, ...throttled(2, '{"error":"too many requests"}') });
    const uploader = await engineFor(createQiniuProtocol({ formUpload: false }), prefix);
    const recorder = recordEvents(uploader, ['chunk-upload-retry']);

    uploader.add([file]);
    expect(await queueDone(uploader)).to.deep.equal({ succeeded: 1, failed: 0, canceled: 0 });
    recorder.stop();

    const [retry] = recorder.events.map((event) => event.detail as Retry);
    expect(retry?.error.kind).to.equal('throttled');
    expect(retry?.delayMs).to.be.at.least(2000);
    expect((await storedObject('qiniu', `${prefix}${file.name}`))?.md5).to.equal(await md5Hex(file));
  });

  it('reads every header from getAllResponseHeaders(): the browser is never asked for one it hides', async () => {
    const prefix = uniquePrefix('oss-503');
    const file = testFile(150 * KiB, { seed: 142 });
    await addFault('oss', { op: 'UploadPart', keyPrefix: prefix, ...throttled(1, '<Error><Code>SlowDown</Code></Error>'), status: 503 });
    const uploader = await engineFor(createOssProtocol(), prefix, { partSize: 100 * KiB });
    const recorder = recordEvents(uploader, ['chunk-upload-retry']);

    uploader.add([file]);
    expect(await queueDone(uploader)).to.deep.equal({ succeeded: 1, failed: 0, canceled: 0 });
    recorder.stop();

    expect(asked).to.deep.equal([]);
    expect((recorder.events[0]?.detail as Retry | undefined)?.delayMs).to.be.at.least(1000);
    expect((await storedObject('oss', `${prefix}${file.name}`))?.md5).to.equal(await md5Hex(file));
  });

  it('parses getAllResponseHeaders() text: lowercase names, values trimmed, repeats joined', () => {
    const headers = parseHeaders('ETag: "abc"\r\nRetry-After:  5 \r\nx-a: 1\r\nX-A: 2\r\n\r\n');
    expect([...headers]).to.deep.equal([
      ['etag', '"abc"'],
      ['retry-after', '5'],
      ['x-a', '1, 2'],
    ]);
  });
});
