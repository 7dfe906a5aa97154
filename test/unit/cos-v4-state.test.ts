import { expect } from '@esm-bundle/chai';
import type { Io, PartRecord, Session } from '../../src/contracts/protocol.js';
import { createCosV4Protocol } from '../../src/protocols/cos-v4.js';
import type { HttpRequest, HttpResponse, Transport } from '../../src/transport/transport.js';
import { UploadError } from '../../src/transport/upload-error.js';
import { testCredentials } from '../helpers/targets.js';

/**
 * The COS v4 adapter keeps nothing between calls (issue 10 item 2): what it once held in maps
 * (sessions vouched for, slices stored, a finish that failed its sha, a file the service finished
 * early) is in the Session, in a slice's PartRecord, or in the error it throws. Scripted answers
 * (STYLE 8.11: the only mock, unit tests only); the engine's side is in test/conformance/cos-v4.test.ts.
 */
function scripted(answers: Record<string, { status: number; body: unknown }>): Transport & { readonly ops: string[] } {
  const ops: string[] = [];
  return {
    ops,
    async request(request: HttpRequest): Promise<HttpResponse> {
      const op = request.body instanceof FormData ? String(request.body.get('op')) : request.method;
      ops.push(op);
      const answer = answers[op] ?? { status: 500, body: { code: -195, message: 'unscripted' } };
      return { status: answer.status, body: JSON.stringify(answer.body), header: () => null };
    },
  };
}

function ioWith(transport: Transport): Io {
  return {
    signal: new AbortController().signal,
    transport,
    sign: async () => ({ sign: 'c2lnbmF0dXJl', expiresAt: Date.now() + 600_000, url: 'https://cos.example.com/files/v2/1/b/k.bin', key: 'k.bin' }),
    hasher: { range: () => Promise.reject(new Error('unused')), file: () => Promise.reject(new Error('unused')) },
    integrity: false,
    timeouts: { requestMs: 60_000, stallMs: 20_000 },
    credentials: testCredentials(),
  };
}

const file = { name: 'k.bin', size: 3, type: '', lastModified: 1, key: 'k.bin' };
const started = { code: 0, message: 'SUCCESS', data: { session: 's-1', slice_size: 1048576 } };

describe('cos-v4 adapter · no hidden state', () => {
  it('says in the Session that a session it opened is one whose listed slices it vouches for', async () => {
    const protocol = createCosV4Protocol();
    const session = await protocol.begin(file, 1048576, undefined, ioWith(scripted({ upload_slice_init: { status: 200, body: started } })));

    expect(session.extra?.vouched).to.equal(true);
    expect(protocol.trustsListed?.(session)).to.equal(true);
    expect(createCosV4Protocol().trustsListed?.(JSON.parse(JSON.stringify(session)) as Session), 'another adapter, after a reload').to.equal(true);
    expect(protocol.trustsListed?.({ ...session, extra: { ...session.extra, vouched: false } })).to.equal(false);
  });

  it('adopts the unfinished session init points to (-4019) as found, so the engine lists it before sending', async () => {
    const transport = scripted({
      upload_slice_init: { status: 409, body: { code: -4019, message: 'same sha unfinished', data: {} } },
      upload_slice_list: { status: 200, body: { code: 0, message: 'SUCCESS', data: { session: 's-9', slice_size: 1048576, filesize: 3, listparts: [{ offset: 0, datalen: 3 }] } } },
    });
    const session = await createCosV4Protocol().begin(file, 1048576, undefined, ioWith(transport));

    expect(transport.ops).to.deep.equal(['upload_slice_init', 'upload_slice_list']);
    expect([session.uploadId, session.found, session.extra?.vouched]).to.deep.equal(['s-9', true, true]);
  });

  it('carries a file the service finished during a slice in that slice\'s record, and completes from it with no finish', async () => {
    const finishedAnswer = { code: 0, message: 'SUCCESS', data: { offset: 0, access_url: 'https://cos.example.com/1/b/k.bin' } };
    const transport = scripted({ upload_slice_init: { status: 200, body: started }, upload_slice_data: { status: 200, body: finishedAnswer } });
    const io = ioWith(transport);
    const protocol = createCosV4Protocol();
    const session = await protocol.begin(file, 1048576, undefined, io);
    const record = await protocol.sendPart(session, { index: 0, number: 0, start: 0, end: 3 }, new Blob(['abc']), io);
    const journaled = JSON.parse(JSON.stringify(record)) as PartRecord;

    const result = await createCosV4Protocol().complete(session, [journaled], io);

    expect(result.response).to.deep.equal(finishedAnswer.data);
    expect(transport.ops).to.deep.equal(['upload_slice_init', 'upload_slice_data']);
  });

  it('throws resend "all" when finish fails the sha check (-4016): the engine sends every slice again', async () => {
    const transport = scripted({
      upload_slice_init: { status: 200, body: started },
      upload_slice_finish: { status: 409, body: { code: -4016, message: 'sha check failed', data: {} } },
    });
    const io = ioWith(transport);
    const protocol = createCosV4Protocol();
    const session = await protocol.begin(file, 1048576, undefined, io);

    const thrown = await protocol.complete(session, [{ number: 0, size: 3, etag: 'slice-0-3' }], io).catch((error: unknown) => error);

    expect(thrown).to.be.instanceOf(UploadError);
    expect(thrown).to.include({ kind: 'integrity', code: '-4016', resend: 'all' });
  });
});
