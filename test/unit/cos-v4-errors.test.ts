import { expect } from '@esm-bundle/chai';
import { cosFailure, type CosOp } from '../../src/protocols/cos-v4/envelope.js';
import type { HttpResponse } from '../../src/transport/transport.js';

function answer(status: number, body: string): HttpResponse {
  return { status, body, header: () => null };
}

function envelope(code: number): string {
  return JSON.stringify({ code, message: 'from the service', data: {} });
}

/** protocols.md 4.3, row by row, plus what the status alone says when there is no envelope. */
const CASES: readonly (readonly [CosOp, number, string, string])[] = [
  ['upload_slice_init', 409, envelope(-4019), 'conflict'],
  ['upload_slice_init', 409, envelope(-4020), 'conflict'],
  ['upload_slice_data', 409, envelope(-4016), 'integrity'],
  ['upload_slice_finish', 409, envelope(-4016), 'integrity'],
  ['upload_slice_init', 400, envelope(-4016), 'client'],
  ['upload_slice_init', 409, envelope(-177), 'conflict'],
  ['upload_slice_finish', 400, envelope(-175), 'client'],
  ['upload_slice_init', 400, envelope(-284), 'client'],
  ['upload_slice_init', 400, envelope(-5965), 'client'],
  ['upload_slice_finish', 400, envelope(-29094), 'client'],
  ['upload_slice_data', 403, envelope(-96), 'expired-credential'],
  ['upload_slice_data', 403, envelope(-97), 'auth'],
  ['upload_slice_data', 403, envelope(-48), 'auth'],
  ['upload_slice_data', 403, envelope(-59), 'auth'],
  ['upload_slice_data', 403, envelope(-61), 'config'],
  ['upload_slice_data', 403, envelope(-63), 'config'],
  ['upload_slice_data', 403, envelope(-70), 'config'],
  ['upload_slice_init', 403, envelope(-121), 'config'],
  ['upload_slice_init', 404, envelope(-133), 'config'],
  ['upload_slice_init', 404, envelope(-197), 'config'],
  ['upload_slice_data', 404, envelope(-197), 'session-gone'],
  ['upload_slice_data', 503, envelope(-71), 'throttled'],
  ['upload_slice_data', 503, envelope(-196), 'throttled'],
  ['upload_slice_data', 503, envelope(-5997), 'throttled'],
  ['upload_slice_data', 500, envelope(-195), 'server'],
  ['upload_slice_data', 200, envelope(-195), 'server'],
  ['upload_slice_finish', 404, envelope(-12345), 'session-gone'],
  ['upload_slice_init', 400, envelope(-12345), 'client'],
  ['upload_slice_data', 500, 'injected', 'server'],
  ['upload_slice_data', 200, '{"code":0,"message":"SUCC', 'protocol'],
];

describe('COS v4 error codes', () => {
  it('map to the error kind protocols.md 4.3 calls for', () => {
    const kinds = CASES.map(([op, status, body]) => cosFailure(op, answer(status, body), 'https://sh.file.myqcloud.com/files/v2/1/b/k').kind);

    expect(kinds).to.deep.equal(CASES.map(([, , , kind]) => kind));
  });

  it('carry the code, and a message saying what happened and what to do, without the signature', () => {
    const error = cosFailure('upload_slice_init', answer(409, envelope(-4020)), 'https://sh.file.myqcloud.com/files/v2/1/b/k?sign=SECRET');

    expect(error.code).to.equal('-4020');
    expect(error.message).to.match(/^chunk-uploader: upload_slice_init failed with HTTP 409 -4020 \(from the service\); .*another key/);
    expect(error.url).to.equal('https://sh.file.myqcloud.com/files/v2/1/b/k');
  });
});
