import { expect } from '@esm-bundle/chai';
import type { UploaderEventMap } from '../../src/core/events.js';
import type { ChunkUploader } from '../../src/element/chunk-uploader.component.js';
import { backendObject, backendUrls } from '../helpers/backends.js';
import { mountUploader } from '../helpers/element.js';
import { nextEvent } from '../helpers/events.js';
import { md5Hex, MiB, testFile } from '../helpers/files.js';
import { uniquePrefix } from '../helpers/servers.js';

type Success = UploaderEventMap['chunk-upload-success'];

/**
 * The element against the example apps, each its own process on its own origin, mounting
 * chunk-uploader/server for S3 with its default policy (per-user keys chosen by the server).
 */
describe('<chunk-uploader> · uploading to apps that mount chunk-uploader/server', () => {
  let el: ChunkUploader | undefined;

  afterEach(() => {
    el?.remove();
  });

  it('uploads through examples/server-express with its session cookie (signer-credentials="include")', async () => {
    const urls = await backendUrls();
    await fetch(`${urls.expressOrigin}/login`, { method: 'POST', credentials: 'include', body: 'alice' });
    const file = testFile(11 * MiB + 5, { seed: 301, name: 'express.bin' });
    el = await mountUploader(uniquePrefix('el-express'), { provider: 's3', endpoint: urls.express, 'signer-credentials': 'include', 'part-size': '5MiB' });
    const success = nextEvent<Success>(el, 'chunk-upload-success');

    el.addFiles([file]);
    const { result } = (await success).detail;

    expect(result.key).to.match(/^uploads\/alice\/[0-9a-f-]{36}\/express\.bin$/);
    expect((await backendObject(result.key))?.md5).to.equal(await md5Hex(file));
  });

  it('uploads through examples/server-hono (fetch-style) with a bearer token from signerHeaders', async () => {
    const urls = await backendUrls();
    const { token } = (await (await fetch(`${urls.honoOrigin}/token`, { method: 'POST', body: 'bob' })).json()) as { token: string };
    const file = testFile(6 * MiB + 1, { seed: 302, name: 'hono.bin' });
    el = await mountUploader(uniquePrefix('el-hono'), { provider: 's3', endpoint: urls.hono, 'part-size': '5MiB' }, (element) => {
      element.signerHeaders = { Authorization: `Bearer ${token}` };
    });
    const success = nextEvent<Success>(el, 'chunk-upload-success');

    el.addFiles([file]);
    const { result } = (await success).detail;

    expect(result.key).to.match(/^uploads\/bob\/[0-9a-f-]{36}\/hono\.bin$/);
    expect((await backendObject(result.key))?.md5).to.equal(await md5Hex(file));
  });
});
