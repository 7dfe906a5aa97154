import { expect } from '@esm-bundle/chai';
import type { FileDigestRequest, FileDigests, Hasher } from '../../src/contracts/protocol.js';
import { rememberFileDigests } from '../../src/core/file-digests.js';

function counting(answer: (request: FileDigestRequest) => Promise<FileDigests>): Hasher & { readonly calls: FileDigestRequest[] } {
  const calls: FileDigestRequest[] = [];
  return {
    calls,
    range: () => Promise.reject(new Error('unused')),
    file: (request) => {
      calls.push(request);
      return answer(request);
    },
  };
}

describe('rememberFileDigests', () => {
  const signal = new AbortController().signal;

  it('reads the file once per kind of whole-file digest, however often an adapter asks', async () => {
    const inner = counting(async (request) => ({ sha1Hex: JSON.stringify(request) }));
    const hasher = rememberFileDigests(inner);

    const [a, b] = await Promise.all([hasher.file({ sha1Slices: 1048576 }, signal), hasher.file({ sha1Slices: 1048576 }, signal)]);
    const c = await hasher.file({ sha1Slices: 1048576 }, signal);
    await hasher.file({ md5: true }, signal);

    expect(a).to.equal(b);
    expect(c).to.equal(a);
    expect(inner.calls).to.deep.equal([{ sha1Slices: 1048576 }, { md5: true }]);
  });

  it('forgets a computation that failed or was stopped, so the next caller starts it again', async () => {
    let first = true;
    const inner = counting(async () => {
      if (first) {
        first = false;
        throw new Error('stopped');
      }
      return { md5Hex: 'ab' };
    });
    const hasher = rememberFileDigests(inner);

    const failed = await hasher.file({ md5: true }, signal).catch((error: unknown) => error);
    const again = await hasher.file({ md5: true }, signal);

    expect(failed).to.be.instanceOf(Error);
    expect(again).to.deep.equal({ md5Hex: 'ab' });
    expect(inner.calls.length).to.equal(2);
  });
});
