import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import express from 'express';
import { toNodeHandler } from '../../src/server/index.js';
import { file, startRig, type Rig } from './helpers/package-signer.js';

async function listening(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('toNodeHandler', () => {
  let rig: Rig;
  let plain: Server;
  let parsed: Server;
  let plainUrl: string;
  let parsedUrl: string;
  const initiate = (base: string, body: string): Promise<Response> =>
    fetch(`${base}/api/upload/initiate`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-test-user': 'olga' }, body });

  before(async () => {
    rig = await startRig();
    plain = createServer(toNodeHandler(rig.signer));
    const app = express();
    // A JSON parser ran first: the handler takes the parsed body instead of the spent stream.
    app.use(express.json());
    app.use('/api/upload', toNodeHandler(rig.signer));
    parsed = createServer(app);
    [plainUrl, parsedUrl] = await Promise.all([listening(plain), listening(parsed)]);
  });
  after(async () => {
    plain.closeAllConnections();
    parsed.closeAllConnections();
    await Promise.all([new Promise((resolve) => plain.close(resolve)), new Promise((resolve) => parsed.close(resolve))]);
    await rig.close();
  });

  it('serves node:http directly and under Express after express.json(), with the same answers', async () => {
    const body = JSON.stringify({ op: 'initiate', provider: 's3', ...file(10) });

    const answers = await Promise.all([initiate(plainUrl, body), initiate(parsedUrl, body)]);
    const keys = await Promise.all(answers.map(async (answer) => ((await answer.json()) as { key: string }).key));

    assert.deepEqual(answers.map((answer) => answer.status), [200, 200]);
    assert.ok(keys.every((key) => key.startsWith('uploads/olga/')));
    assert.ok(answers.every((answer) => answer.headers.get('date') !== null && answer.headers.get('cache-control') === 'no-store'));
  });

  it('answers a body over 1 MiB with 413, and a body that is not JSON with 400', async () => {
    const huge = await initiate(plainUrl, JSON.stringify({ padding: 'x'.repeat(1024 * 1024 + 10) }));
    const broken = await initiate(plainUrl, '{"op":');

    assert.equal(huge.status, 413);
    assert.deepEqual([broken.status, ((await broken.json()) as { code: string }).code], [400, 'InvalidRequest']);
  });

  it('stays quiet when the client leaves mid-body: no answer, and no error handed to next', async () => {
    const handler = toNodeHandler(rig.signer);
    const errors: unknown[] = [];
    const server = createServer((req, res) => handler(req, res, (error) => errors.push(error)));
    const base = await listening(server);
    const arrived = once(server, 'request') as Promise<[IncomingMessage]>;
    const client = request(`${base}/api/upload/initiate`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': '1000' } });
    client.on('error', () => undefined);
    client.write('{"op":"initiate"');

    const [req] = await arrived;
    client.destroy();
    await new Promise((resolve) => req.once('close', resolve));
    // The handler's rejection runs on the microtasks after the close; one macrotask passes them all.
    await new Promise((resolve) => setImmediate(resolve));

    assert.deepEqual(errors, []);
    server.close();
  });
});
