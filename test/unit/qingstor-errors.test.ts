import { expect } from '@esm-bundle/chai';
import type { Io, Session } from '../../src/contracts/protocol.js';
import { createQingStorProtocol } from '../../src/protocols/qingstor.js';
import type { Signer } from '../../src/contracts/signer.js';
import { classifyStatus } from '../../src/transport/classify.js';
import type { HttpResponse, Transport } from '../../src/transport/transport.js';
import { UploadError, type ErrorKind } from '../../src/transport/upload-error.js';
import { testCredentials } from '../helpers/targets.js';

const SESSION: Session = { provider: 'qingstor', key: 'k.bin', uploadId: 'u1', partSize: 4 * 1024 * 1024 };
const PART = { index: 0, number: 0, start: 0, end: 3 } as const;

/** A transport that answers every request with one scripted response (unit tests only, STYLE 8.11). */
function answering(status: number, body: string, headers: Record<string, string> = {}): Transport {
  const response: HttpResponse = { status, body, header: (name) => headers[name.toLowerCase()] ?? null };
  return { request: async () => response };
}

function ioWith(transport: Transport, sign: Signer = async () => ({ url: 'http://127.0.0.1:1/b/k.bin?part_number=0&upload_id=u1' })): Io {
  return {
    signal: new AbortController().signal,
    transport,
    sign,
    hasher: { range: () => Promise.reject(new Error('unused')), file: () => Promise.reject(new Error('unused')) },
    integrity: true,
    timeouts: { requestMs: 1000, stallMs: 1000 },
    credentials: testCredentials(),
  };
}

async function failure(promise: Promise<unknown>): Promise<UploadError> {
  const thrown = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(thrown).to.be.instanceOf(UploadError);
  return thrown as UploadError;
}

const json = (code: string): string => JSON.stringify({ code, message: `${code} happened`, request_id: 'r', url: 'https://docs' });

describe('qingstor adapter · error kinds (protocols.md 3.1)', () => {
  const rows: readonly [number, string, ErrorKind, string | undefined][] = [
    [404, json('upload_not_exists'), 'session-gone', 'upload_not_exists'],
    [400, json('bad_digest'), 'integrity', 'bad_digest'],
    [403, json('request_expired'), 'expired-credential', 'request_expired'],
    [401, json('signature_not_matched'), 'auth', 'signature_not_matched'],
    [401, json('invalid_access_key_id'), 'auth', 'invalid_access_key_id'],
    [403, json('permission_denied'), 'auth', 'permission_denied'],
    [404, json('bucket_not_exists'), 'config', 'bucket_not_exists'],
    [400, json('entity_too_large'), 'client', 'entity_too_large'],
    [400, json('invalid_argument'), 'client', 'invalid_argument'],
    [500, json('internal_error'), 'server', 'internal_error'],
    [503, '<html>busy</html>', 'throttled', undefined],
    [200, '', 'protocol', undefined],
  ];
  for (const [status, body, kind, code] of rows) {
    it(`maps a part answered ${status} ${code ?? '(no JSON code)'} to ${kind}`, async () => {
      const protocol = createQingStorProtocol();

      const error = await failure(protocol.sendPart(SESSION, PART, new Blob(['abc']), ioWith(answering(status, body))));

      expect([error.kind, error.code, error.status]).to.deep.equal([kind, code, status]);
      expect(error.message).to.match(/^chunk-uploader: part 0 failed with HTTP /);
    });
  }

  it('accepts a part answered 201 with an empty body, keeping the ETag when CORS exposes it', async () => {
    const protocol = createQingStorProtocol();

    const exposed = await protocol.sendPart(SESSION, PART, new Blob(['abc']), ioWith(answering(201, '', { etag: '"900150983cd24fb0d6963f7d28e17f72"' })));
    const hidden = await protocol.sendPart(SESSION, PART, new Blob(['abc']), ioWith(answering(201, '')));

    expect(exposed).to.deep.equal({ number: 0, size: 3, etag: '"900150983cd24fb0d6963f7d28e17f72"' });
    expect(hidden).to.deep.equal({ number: 0, size: 3 });
  });

  it('turns upload_not_exists relayed by the backend at complete into session-gone, and abort ignores it', async () => {
    const protocol = createQingStorProtocol();
    const gone: Signer = async () => {
      throw new UploadError('the signer refused: upload gone', { kind: classifyStatus(404), status: 404, code: 'upload_not_exists' });
    };

    const error = await failure(protocol.complete(SESSION, [{ number: 0, size: 3 }], ioWith(answering(500, ''), gone)));
    const aborted = await protocol.abort!(SESSION, ioWith(answering(500, ''), gone));

    expect(error.kind).to.equal('session-gone');
    expect(aborted).to.equal(undefined);
  });
});
