import { expect } from '@esm-bundle/chai';
import type { UploaderEventMap } from '../../src/core/events.js';
import { createOssProtocol } from '../../src/protocols/oss.js';
import { engineFor, queueDone } from '../helpers/engine.js';
import { recordEvents } from '../helpers/events.js';
import { KiB, md5Hex, testFile } from '../helpers/files.js';
import { addFault, storedObject, uniquePrefix } from '../helpers/servers.js';

type Retry = UploaderEventMap['chunk-upload-retry']['detail'];

/**
 * Issue 11.10: two timeouts. Stall detection watches the body going out; once it is all out, a
 * separate response window waits for the answer (the emulator stores the part, then holds its
 * answer: `delay-answer`).
 */
describe('request timeouts · stall while sending, response window after', () => {
  it('does not call a slow answer a stall: the part is stored and answered late, with no retry', async () => {
    const prefix = uniquePrefix('slow-answer');
    const file = testFile(150 * KiB, { seed: 131 });
    await addFault('oss', { op: 'UploadPart', action: 'delay-answer', delayMs: 2000, nth: [1], keyPrefix: prefix });
    const uploader = await engineFor(createOssProtocol(), prefix, { partSize: 100 * KiB, stallTimeoutMs: 500, responseTimeoutMs: 20_000 });
    const recorder = recordEvents(uploader, ['chunk-upload-retry']);

    uploader.add([file]);
    expect(await queueDone(uploader)).to.deep.equal({ succeeded: 1, failed: 0, canceled: 0 });
    recorder.stop();

    expect(recorder.events.map((event) => (event.detail as Retry).error.code)).to.deep.equal([]);
    expect((await storedObject('oss', `${prefix}${file.name}`))?.md5).to.equal(await md5Hex(file));
  });

  it('gives up on an answer that does not begin within the response window, as response-timeout, and retries', async () => {
    const prefix = uniquePrefix('no-answer');
    const file = testFile(150 * KiB, { seed: 132 });
    await addFault('oss', { op: 'UploadPart', action: 'delay-answer', delayMs: 5000, nth: [1], keyPrefix: prefix });
    const uploader = await engineFor(createOssProtocol(), prefix, { partSize: 100 * KiB, stallTimeoutMs: 500, responseTimeoutMs: 1000 });
    const recorder = recordEvents(uploader, ['chunk-upload-retry']);

    uploader.add([file]);
    expect(await queueDone(uploader)).to.deep.equal({ succeeded: 1, failed: 0, canceled: 0 });
    recorder.stop();

    const errors = recorder.events.map((event) => (event.detail as Retry).error);
    expect(errors.map((error) => [error.kind, error.code])).to.deep.equal([['timeout', 'response-timeout']]);
    expect((await storedObject('oss', `${prefix}${file.name}`))?.md5).to.equal(await md5Hex(file));
  });
});
