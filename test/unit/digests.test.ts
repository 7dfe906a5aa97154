import { expect } from '@esm-bundle/chai';
import { HashPool } from '../../src/hash/hash-pool.js';

const MiB = 1024 * 1024;

/** Byte i is i mod 251: no period that lines up with blocks or chunks. */
function pattern(size: number): Blob {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i += 1) bytes[i] = i % 251;
  return new Blob([bytes]);
}

/** Expected values computed outside the browser with Node's crypto and Python's zlib. */
describe('hash workers · known vectors', () => {
  const pool = new HashPool({ size: 2 });
  const signal = new AbortController().signal;
  after(() => pool.terminate());

  it('computes CRC-32 as zlib does', async () => {
    const digits = new Blob([new TextEncoder().encode('123456789')]);

    expect((await pool.range(digits, 0, 9, ['crc32'], signal)).crc32).to.equal(3421780262);
    expect((await pool.range(digits, 0, 0, ['crc32'], signal)).crc32).to.equal(0);
  });

  it('computes per-chunk CRC-32s in the same pass as the range digests', async () => {
    const file = pattern(9 * MiB + 5);

    const digests = await pool.range(file, 0, file.size, ['crc32', 'md5', 'sha1'], signal, { crc32Every: MiB });

    expect(digests.crc32).to.equal(617484666);
    expect(digests.crc32s).to.deep.equal([4010696788, 2287884228, 565563066, 2870625806, 3919086805, 3503196809, 3597006434, 2890369579, 507815841, 2781076370]);
    expect(digests.md5Hex).to.equal('89c9aba8c4c22bfa5b754d970e9368f1');
    expect(digests.sha1Hex).to.equal('e1971c9d1a0426aa729a98879d1b4a07606294a6');
  });

  const qetags: readonly [string, Blob, string][] = [
    ['an empty file', new Blob([]), 'Fto5o-5ea0sNMlW_75VgGJCv2AcJ'],
    ['4 MiB of zeros', new Blob([new Uint8Array(4 * MiB)]), 'FivMvS848VwT631aif2dhfWV4jvD'],
    ['4 MiB + 1 of zeros', new Blob([new Uint8Array(4 * MiB + 1)]), 'lhCFgki5yzon0rjN9uJusf6qtsF6'],
    ['4 MiB of a pattern', pattern(4 * MiB), 'Fgd8eREZ4FXnoK5eUHCJo_kRSDb1'],
    ['4 MiB + 1 of a pattern', pattern(4 * MiB + 1), 'lgV4TNEnA2AXSRVyDqVW4bohMKad'],
    ['9 MiB + 5 of a pattern', pattern(9 * MiB + 5), 'lvHD9kcQEylZpF89BfNiYYoGW6Fw'],
  ];
  for (const [name, blob, expected] of qetags) {
    it(`computes Qiniu's qetag of ${name}`, async () => {
      expect((await pool.whole(blob, { qetag: true }, signal)).qetag).to.equal(expected);
    });
  }

  it('computes the whole-file MD5 and qetag in one pass', async () => {
    const file = pattern(9 * MiB + 5);

    const digests = await pool.whole(file, { md5: true, qetag: true }, signal);

    expect(digests).to.deep.equal({ md5Hex: '89c9aba8c4c22bfa5b754d970e9368f1', qetag: 'lvHD9kcQEylZpF89BfNiYYoGW6Fw' });
  });

  it('gives MD5 in hex and base64 (the Content-MD5 form)', async () => {
    const digests = await pool.range(new Blob([new TextEncoder().encode('hello')]), 0, 5, ['md5'], signal);

    expect(digests.md5Hex).to.equal('5d41402abc4b2a76b9719d911017c592');
    expect(digests.md5Base64).to.equal('XUFAKrxLKna5cZ2REBfFkg==');
  });

  it('stops hashing when the job is canceled', async () => {
    const controller = new AbortController();
    const job = pool.whole(pattern(64 * MiB), { md5: true }, controller.signal);

    controller.abort();

    const outcome = await job.then(() => 'finished', (error: { kind?: string }) => error.kind);
    expect(outcome).to.equal('aborted');
  });
});
