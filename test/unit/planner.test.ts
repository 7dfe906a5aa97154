import { expect } from '@esm-bundle/chai';
import { choosePartSize, countParts, partAt } from '../../src/core/planner.js';
import { OSS_LIMITS } from '../../src/protocols/oss.js';
import type { PartLimits } from '../../src/contracts/protocol.js';
import { UploadError } from '../../src/transport/upload-error.js';

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;
const TiB = 1024 * GiB;

const S3_LIKE: PartLimits = { minPartSize: 5 * MiB, maxPartSize: 5 * GiB, maxParts: 10_000, firstPartNumber: 1, emptyFileParts: 1 };
const ZERO_BASED: PartLimits = { ...S3_LIKE, minPartSize: 4 * MiB, firstPartNumber: 0 };
const FIXED: PartLimits = { ...S3_LIKE, fixedPartSize: 4 * MiB, maxParts: Number.MAX_SAFE_INTEGER, emptyFileParts: 0 };

describe('planner', () => {
  const cases: readonly [string, number, PartLimits, number][] = [
    ['5 TiB on OSS', 5 * TiB, OSS_LIMITS, 8 * MiB],
    ['5 TiB on S3 limits', 5 * TiB, S3_LIKE, 8 * MiB],
    ['48 TiB on S3 limits', 48 * TiB, S3_LIKE, 5 * MiB],
    ['1 GiB with a tiny preference', GiB, OSS_LIMITS, 1],
    ['a file that fits exactly', 10_000 * 8 * MiB, OSS_LIMITS, 8 * MiB],
    ['one byte more than fits', 10_000 * 8 * MiB + 1, OSS_LIMITS, 8 * MiB],
  ];
  for (const [name, size, limits, preferred] of cases) {
    it(`never plans more than the allowed parts, nor a part below the minimum but the last: ${name}`, () => {
      const partSize = choosePartSize(size, limits, preferred);
      const count = countParts(size, partSize, limits);
      const last = partAt(count - 1, size, partSize, limits);
      const secondLast = partAt(count - 2, size, partSize, limits);

      expect(count).to.be.at.most(limits.maxParts);
      expect(partSize).to.be.at.least(limits.minPartSize);
      expect(partSize).to.be.at.most(limits.maxPartSize);
      expect(secondLast.end - secondLast.start).to.equal(partSize);
      expect(last.end).to.equal(size);
      expect(last.end - last.start).to.be.greaterThan(0);
    });
  }

  it('grows the part size to whole MiB only when the file needs it', () => {
    expect(choosePartSize(100 * MiB, S3_LIKE, 8 * MiB)).to.equal(8 * MiB);
    expect(choosePartSize(5 * TiB, OSS_LIMITS, 8 * MiB)).to.equal(525 * MiB);
    expect(choosePartSize(5 * TiB, OSS_LIMITS, 8 * MiB) % MiB).to.equal(0);
  });

  it('raises a preference below the minimum and caps one above the maximum', () => {
    expect(choosePartSize(GiB, S3_LIKE, 1 * MiB)).to.equal(5 * MiB);
    expect(choosePartSize(GiB, S3_LIKE, 6 * GiB)).to.equal(5 * GiB);
  });

  it('uses a fixed part size whatever the preference (Qiniu blocks)', () => {
    expect(choosePartSize(GiB, FIXED, 64 * MiB)).to.equal(4 * MiB);
    expect(countParts(4 * MiB + 1, 4 * MiB, FIXED)).to.equal(2);
  });

  it('plans one empty part for an empty file where the target needs a part, none elsewhere', () => {
    expect(countParts(0, 8 * MiB, OSS_LIMITS)).to.equal(1);
    expect(partAt(0, 0, 8 * MiB, OSS_LIMITS)).to.deep.equal({ index: 0, number: 1, start: 0, end: 0 });
    expect(countParts(0, 4 * MiB, FIXED)).to.equal(0);
  });

  it('numbers parts from the target\'s first part number', () => {
    expect(partAt(0, 9 * MiB, 4 * MiB, ZERO_BASED).number).to.equal(0);
    expect(partAt(2, 9 * MiB, 4 * MiB, ZERO_BASED)).to.deep.equal({ index: 2, number: 2, start: 8 * MiB, end: 9 * MiB });
    expect(partAt(0, 9 * MiB, 5 * MiB, S3_LIKE).number).to.equal(1);
  });

  it('refuses a file larger than the target can hold, with a typed error', () => {
    const tooBig = 10_000 * 5 * GiB + 1;

    expect(() => choosePartSize(tooBig, S3_LIKE, 8 * MiB)).to.throw(UploadError).with.property('kind', 'invalid');
  });
});
