import { expect } from '@esm-bundle/chai';
import { createQiniuProtocol } from '../../src/protocols/qiniu.js';
import type { HttpRequest, HttpResponse, Transport } from '../../src/transport/transport.js';
import { XhrTransport } from '../../src/transport/xhr-transport.js';
import { engineFor, queueDone } from '../helpers/engine.js';
import { md5Hex, MiB, testFile } from '../helpers/files.js';
import { qetag } from '../helpers/qetag.js';
import { requestsSeen, storedObject, uniquePrefix } from '../helpers/servers.js';

/**
 * The qetag mkfile answers is the service's word on what it stored. When it differs from the
 * local file's, no block can be trusted (which one is wrong cannot be told, and a ctx is
 * single-use): every block goes again, then mkfile (issue 10 item 2). The first mkfile's answer
 * is made to name another file's qetag, as a service that stored other bytes would.
 */
function misreportingFirstMkfile(): Transport & { readonly tampered: number } {
  const inner = new XhrTransport();
  let tampered = 0;
  return {
    get tampered() {
      return tampered;
    },
    async request(request: HttpRequest): Promise<HttpResponse> {
      const response = await inner.request(request);
      if (!request.url.includes('/mkfile/') || response.status !== 200 || tampered > 0) return response;
      tampered += 1;
      const body = { ...(JSON.parse(response.body) as Record<string, unknown>), hash: 'Fto5o-5ea0sNMlW_75VgGJCv2AcJ' };
      return { status: response.status, body: JSON.stringify(body), header: (name) => response.header(name) };
    },
  };
}

describe('qiniu · a qetag mismatch at mkfile', () => {
  it('sends every block again and assembles the file anew; the stored bytes are the file\'s', async () => {
    const prefix = uniquePrefix('qiniu-qetag');
    const file = testFile(9 * MiB + 5, { seed: 701 });
    const transport = misreportingFirstMkfile();
    const uploader = await engineFor(createQiniuProtocol(), prefix, { transport });

    uploader.add([file]);

    expect(await queueDone(uploader)).to.deep.equal({ succeeded: 1, failed: 0, canceled: 0 });
    expect(transport.tampered).to.equal(1);
    const requests = await requestsSeen('qiniu', { keyPrefix: prefix });
    expect(requests.filter((r) => r.op === 'mkfile').map((r) => r.status), 'mkfile').to.deep.equal([200, 200]);
    expect(requests.filter((r) => r.op === 'mkblk' && r.status === 200).length, 'each of the 3 blocks twice').to.equal(6);
    const stored = await storedObject('qiniu', `${prefix}${file.name}`);
    expect(stored?.md5).to.equal(await md5Hex(file));
    expect(stored?.etag).to.equal(await qetag(file));
  });
});
