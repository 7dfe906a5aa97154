import { expect } from '@esm-bundle/chai';
import { HashPool } from '../../src/hash/hash-pool.js';
import { fileSha } from '../../src/protocols/cos-v4/session-data.js';
import type { Io } from '../../src/contracts/protocol.js';

/** protocols.md 4.1, the [computed] test vector: 1048576 × 'a' followed by 100 × 'b'. */
describe('COS v4 uploadparts from the hash worker', () => {
  const file = new File([new Uint8Array(1048576).fill(0x61), new Uint8Array(100).fill(0x62)], 'vector.bin');
  const pool = new HashPool({ size: 1 });

  it('records the SHA-1 state after the first MiB and the plain SHA-1 last', async () => {
    const digests = await pool.forFile(file).file({ sha1Slices: 1048576 }, new AbortController().signal);

    expect(digests.sha1States).to.deep.equal(['0a560be70dd43f123a08f3519016b87dfc0a1eb6', '208d3f1ddf2725883d8110874b6e3eaf44a76689']);
    expect(digests.sha1Hex).to.equal('208d3f1ddf2725883d8110874b6e3eaf44a76689');
  });

  it('turns them into the uploadparts the protocol sends at init', async () => {
    const io = { signal: new AbortController().signal, hasher: pool.forFile(file) } as unknown as Io;

    const sha = await fileSha(io, file.size, 1048576);

    expect(JSON.stringify(sha.uploadparts)).to.equal(
      '[{"offset":0,"datalen":1048576,"datasha":"0a560be70dd43f123a08f3519016b87dfc0a1eb6"},{"offset":1048576,"datalen":100,"datasha":"208d3f1ddf2725883d8110874b6e3eaf44a76689"}]',
    );
    expect(sha.sha).to.equal('208d3f1ddf2725883d8110874b6e3eaf44a76689');
  });

  it('describes an empty file as one empty entry whose datasha is the SHA-1 of nothing', async () => {
    const empty = new File([], 'empty.bin');
    const io = { signal: new AbortController().signal, hasher: pool.forFile(empty) } as unknown as Io;

    const sha = await fileSha(io, 0, 1048576);

    expect(sha.uploadparts).to.deep.equal([{ offset: 0, datalen: 0, datasha: 'da39a3ee5e6b4b0d3255bfef95601890afd80709' }]);
  });
});
