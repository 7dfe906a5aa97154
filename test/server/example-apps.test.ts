import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createS3Emulator, type S3Emulator } from '../../server/emulators/s3.js';
import { startExampleApp, type ExampleApp } from '../../server/example-apps.js';
import { md5 } from './helpers/package-signer.js';

const PAGE = 'http://localhost:5173';

/** One upload through a running example app, as the element would do it; the object's MD5 back. */
async function uploadThrough(app: ExampleApp, credentials: Record<string, string>, emulator: S3Emulator, body: Buffer): Promise<string | undefined> {
  const call = async (op: string, request: Record<string, unknown>): Promise<Record<string, unknown>> => {
    const response = await fetch(`${app.signerUrl}/${op}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: PAGE, ...credentials },
      body: JSON.stringify({ op, provider: 's3', ...request }),
    });
    const answer = (await response.json()) as Record<string, unknown>;
    assert.equal(response.status, 200, `${op}: ${JSON.stringify(answer)}`);
    assert.equal(response.headers.get('access-control-allow-origin'), PAGE);
    return answer;
  };
  const opened = await call('initiate', { file: { name: 'notes.txt', size: body.length, type: 'text/plain', lastModified: 0 } });
  const upload = { key: opened.key, uploadId: opened.uploadId, session: opened.session };
  const part = await call('part', { ...upload, partNumber: 1, contentMd5: md5(body, 'base64') });
  const put = await fetch(part.url as string, { method: 'PUT', body: new Uint8Array(body), headers: { 'Content-MD5': md5(body, 'base64') } });
  await call('complete', { ...upload, parts: [{ partNumber: 1, etag: put.headers.get('etag') }] });
  return emulator.object(String(opened.key))?.md5;
}

describe('examples/server-express and examples/server-hono, each in its own process', () => {
  let emulator: S3Emulator;
  let express: ExampleApp;
  let hono: ExampleApp;

  before(async () => {
    emulator = await createS3Emulator();
    [express, hono] = await Promise.all([
      startExampleApp('server-express', { s3Endpoint: emulator.url, allowedOrigins: [PAGE] }),
      startExampleApp('server-hono', { s3Endpoint: emulator.url, allowedOrigins: [PAGE] }),
    ]);
  });
  after(async () => {
    await Promise.all([express?.stop(), hono?.stop()]);
    await emulator.close();
  });

  it('Express: refuses a request without the session cookie, then uploads with it (stored MD5 = the bytes\')', async () => {
    const body = Buffer.from('uploaded through Express\n'.repeat(100));
    const refused = await fetch(`${express.signerUrl}/initiate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    const login = await fetch(`${express.origin}/login`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'alice' });
    const sid = /sid=([^;]+)/.exec(login.headers.get('set-cookie') ?? '')?.[1] ?? '';

    const stored = await uploadThrough(express, { cookie: `sid=${sid}` }, emulator, body);

    assert.equal(refused.status, 401);
    assert.equal(stored, md5(body, 'hex'));
  });

  it('Hono: refuses a request without the bearer token, then uploads with it (stored MD5 = the bytes\')', async () => {
    const body = Buffer.from('uploaded through Hono\n'.repeat(100));
    const refused = await fetch(`${hono.signerUrl}/initiate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    const { token } = (await (await fetch(`${hono.origin}/token`, { method: 'POST', body: 'bob' })).json()) as { token: string };

    const stored = await uploadThrough(hono, { authorization: `Bearer ${token}` }, emulator, body);

    assert.equal(refused.status, 401);
    assert.equal(stored, md5(body, 'hex'));
  });

  it('answers a preflight from the page with the headers it asked for, and none to another origin', async () => {
    const preflight = (origin: string): Promise<Response> =>
      fetch(`${hono.signerUrl}/part`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
      });

    const allowed = await preflight(PAGE);
    const other = await preflight('http://localhost:1');

    assert.equal(allowed.status, 204);
    assert.equal(allowed.headers.get('access-control-allow-headers'), 'authorization,content-type');
    assert.equal(other.headers.get('access-control-allow-origin'), null);
  });
});
