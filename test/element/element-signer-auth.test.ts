import { expect } from '@esm-bundle/chai';
import { UPLOADER_EVENT_NAMES, type UploaderEventMap } from '../../src/core/events.js';
import type { SignerHeaders } from '../../src/core/http-signer.js';
import type { ChunkUploader } from '../../src/element/chunk-uploader.component.js';
import { authSeen, backendObject, backends, backendUrls, databaseText } from '../helpers/backends.js';
import { journalFor, mountUploader, row } from '../helpers/element.js';
import { nextEvent, recordEvents } from '../helpers/events.js';
import { md5Hex, MiB, testFile } from '../helpers/files.js';
import { uniquePrefix } from '../helpers/servers.js';

type Success = UploaderEventMap['chunk-upload-success'];
type Failure = UploaderEventMap['chunk-upload-error'];

/**
 * Issue 19: the element presents credentials to a signer on a second loopback origin
 * (server/auth-backend.ts: chunk-uploader/server behind a cookie session with a CSRF token, or
 * bearer tokens), the way real apps do.
 */
describe('<chunk-uploader> · authenticating to its backend', () => {
  let el: ChunkUploader | undefined;
  const mount = async (label: string, attributes: Record<string, string>, headers?: SignerHeaders): Promise<{ el: ChunkUploader; prefix: string }> => {
    const urls = await backendUrls();
    const prefix = uniquePrefix(label);
    el = await mountUploader(prefix, { provider: 's3', endpoint: urls.auth, 'part-size': '5MiB', concurrency: '1', ...attributes }, (element) => {
      if (headers !== undefined) element.signerHeaders = headers;
    });
    return { el, prefix };
  };
  const login = async (user: string): Promise<string> => {
    const urls = await backendUrls();
    const answer = await fetch(`${urls.authOrigin}/login?user=${user}`, { method: 'POST', credentials: 'include' });
    return ((await answer.json()) as { csrf: string }).csrf;
  };
  const newToken = async (user: string): Promise<string> => {
    const urls = await backendUrls();
    return ((await (await fetch(`${urls.authOrigin}/token?user=${user}`, { method: 'POST' })).json()) as { token: string }).token;
  };

  beforeEach(() => backends({ cmd: 'auth-reset' }));
  afterEach(() => {
    el?.remove();
  });

  it('uploads with a cross-origin session cookie under signer-credentials="include", the CSRF header on every operation', async () => {
    const csrf = await login('carol');
    const file = testFile(10 * MiB + 3, { seed: 401, name: 'cookie.bin' });
    const { el } = await mount('auth-cookie', { 'signer-credentials': 'include' }, { 'X-CSRF-Token': csrf });
    const success = nextEvent<Success>(el, 'chunk-upload-success');

    el.addFiles([file]);
    const { result } = (await success).detail;
    const seen = await authSeen();

    expect(result.key).to.match(/^uploads\/carol\//);
    expect((await backendObject(result.key))?.md5).to.equal(await md5Hex(file));
    expect(seen.map((request) => request.op)).to.deep.equal(['initiate', 'parts', 'complete']);
    expect(seen.every((request) => request.csrf === csrf && request.cookie)).to.equal(true);
  });

  it('fails with a clear, translated auth error when the cookie is not sent (signer-credentials left same-origin)', async () => {
    const csrf = await login('dave');
    const file = testFile(1000, { seed: 402, name: 'no-cookie.bin' });
    const { el } = await mount('auth-no-cookie', { lang: 'zh-CN' }, { 'X-CSRF-Token': csrf });
    const failure = nextEvent<Failure>(el, 'chunk-upload-error');

    el.addFiles([file]);
    const { error } = (await failure).detail;
    await el.updateComplete;

    expect([error.kind, error.status, error.code]).to.deep.equal(['auth', 401, 'Unauthenticated']);
    expect((await authSeen()).map((request) => request.cookie)).to.deep.equal([false]);
    expect(row(el, 'no-cookie.bin').textContent).to.contain('请重新登录后再上传');
  });

  it('uploads with a bearer token from signerHeaders', async () => {
    const token = await newToken('erin');
    const calls: boolean[] = [];
    const file = testFile(5 * MiB + 7, { seed: 403, name: 'bearer.bin' });
    const { el } = await mount('auth-bearer', {}, ({ refresh }) => {
      calls.push(refresh);
      return { Authorization: `Bearer ${token}` };
    });
    const success = nextEvent<Success>(el, 'chunk-upload-success');

    el.addFiles([file]);
    const { result } = (await success).detail;

    expect(result.key).to.match(/^uploads\/erin\//);
    expect((await backendObject(result.key))?.md5).to.equal(await md5Hex(file));
    // initiate, parts (both part URLs in one call), complete.
    expect(calls).to.deep.equal([false, false, false]);
    expect((await authSeen()).every((request) => request.bearer && !request.cookie)).to.equal(true);
  });

  it('refreshes a token that expires mid-upload through { refresh: true }, finishes intact, and keeps every token out of IndexedDB and events', async () => {
    await backends({ cmd: 'auth-token-uses', uses: 2 });
    const issued: string[] = [await newToken('frank')];
    const journalDuringUpload: string[] = [];
    const prefix = uniquePrefix('auth-refresh');
    const file = testFile(15 * MiB + 11, { seed: 404, name: 'refresh.bin' });
    const headers: SignerHeaders = async ({ refresh }) => {
      if (refresh) {
        journalDuringUpload.push(await databaseText(journalFor(prefix)));
        issued.push(await newToken('frank'));
      }
      return { Authorization: `Bearer ${issued.at(-1) ?? ''}` };
    };
    const urls = await backendUrls();
    el = await mountUploader(prefix, { provider: 's3', endpoint: urls.auth, 'part-size': '5MiB', concurrency: '1' }, (element) => {
      element.signerHeaders = headers;
    });
    const events = recordEvents(el, UPLOADER_EVENT_NAMES);
    const success = nextEvent<Success>(el, 'chunk-upload-success');

    el.addFiles([file]);
    const { result } = (await success).detail;
    events.stop();
    const journalAfter = await databaseText(journalFor(prefix));
    const eventText = JSON.stringify(events.events.map((event) => event.detail));

    expect((await backendObject(result.key))?.md5).to.equal(await md5Hex(file));
    // initiate, parts (all four part URLs in one call) | 401, complete: one refresh, mid-upload.
    expect(issued).to.have.length(2);
    expect(journalDuringUpload.some((text) => text.includes('"signerSession"'))).to.equal(true, 'the journal held the upload while it ran');
    for (const token of issued) {
      expect(journalDuringUpload.join(''), 'IndexedDB during the upload').not.to.contain(token);
      expect(journalAfter, 'IndexedDB after the upload').not.to.contain(token);
      expect(eventText, 'event details').not.to.contain(token);
    }
  });

  it('calls a second 401 after the refresh a terminal auth error, and keeps the token out of the error and the page', async () => {
    const calls: boolean[] = [];
    const bogus = 'Bearer never-valid-3f9a1c27e4b8d605';
    const file = testFile(1000, { seed: 405, name: 'refused.bin' });
    const { el } = await mount('auth-refused', {}, ({ refresh }) => {
      calls.push(refresh);
      return { Authorization: bogus };
    });
    const events = recordEvents(el, UPLOADER_EVENT_NAMES);
    const failure = nextEvent<Failure>(el, 'chunk-upload-error');

    el.addFiles([file]);
    const { error } = (await failure).detail;
    await el.updateComplete;
    events.stop();

    expect([error.kind, error.status, error.code]).to.deep.equal(['auth', 401, 'Unauthenticated']);
    expect(calls).to.deep.equal([false, true]);
    expect((await authSeen()).map((request) => request.op)).to.deep.equal(['initiate', 'initiate']);
    expect(row(el, 'refused.bin').textContent).to.contain('Sign in again to upload.');
    for (const text of [error.message, JSON.stringify(error), JSON.stringify(events.events.map((event) => event.detail)), el.shadowRoot?.innerHTML ?? '']) {
      expect(text).not.to.contain('never-valid-3f9a1c27e4b8d605');
    }
  });
});
