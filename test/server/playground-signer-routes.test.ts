import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSignerServer, type SignerServer } from '../../server/signer/index.js';
import type { Signer } from '../../src/server/index.js';

describe('the playground signer routes', () => {
  let server: SignerServer;

  before(async () => {
    const throwing: Pick<Signer, 'handle'> = { handle: () => Promise.reject(new Error('storage is down')) };
    server = await startSignerServer({ throwing });
  });
  after(() => server.close());

  it('answers 500 when a signer throws, instead of leaving a rejection unhandled in the process', async () => {
    const answer = await fetch(`${server.url}/throwing/initiate`, { method: 'POST', body: '{}' });

    assert.equal(answer.status, 500);
    assert.deepEqual(await answer.json(), { code: 'InternalError', message: 'the playground server failed' });
  });

  it('answers 404 for a route no signer is mounted on', async () => {
    const answer = await fetch(`${server.url}/nowhere/initiate`, { method: 'POST', body: '{}' });

    assert.equal(answer.status, 404);
  });
});
