import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createCosV4Signer, signCosV4 } from '../../src/server/targets/cos-v4.js';
import { ResumableSha1 } from '../../server/verify/cos-sha1.js';
import { cosV4MacMatches, decodeCosV4Signature } from '../../server/verify/cos-v4.js';
import { sha1Hex } from './helpers/cos-client.js';

/** protocols.md 4.4, the [computed] example. */
const EXAMPLE = {
  appid: '1250000000',
  secretId: 'AKIDEXAMPLE',
  secretKey: 'SECRETKEYEXAMPLE',
  expire: 1700003600,
  now: 1700000000,
  random: 123456789,
  fileId: '',
  bucket: 'mybucket',
};
const EXAMPLE_SIGN =
  'YNiJAZ72RjhXNxZh1nGIdPl/bpZhPTEyNTAwMDAwMDAmaz1BS0lERVhBTVBMRSZlPTE3MDAwMDM2MDAmdD0xNzAwMDAwMDAwJnI9MTIzNDU2Nzg5JmY9JmI9bXlidWNrZXQ=';
/** Seed 004's Authorization header (its secret is not public). */
const SEED_004_SIGN =
  'uusZlBVdpHf800YuKImvK5zvw75hPTEwMDU1MDA0Jms9QUtJRHpuOHd3S3VYanhpeFFBa1JCQzJEUlhCdFBkN0NybEpRJmU9MTQ3MjY0Nzc4MCZ0PTE0NzI2NDc2MDAmcj0xMDYwMzQ1OTM4JmY9JmI9YWNjZXNzbG9n';

describe('COS v4 multi-effect signature (protocols.md 4.4)', () => {
  it('signs the computed example byte for byte', () => {
    const sign = signCosV4(EXAMPLE);

    assert.equal(sign, EXAMPLE_SIGN);
    assert.equal(Buffer.from(sign, 'base64').subarray(0, 20).toString('hex'), '60d889019ef6463857371661d6718874f97f6e96');
  });

  it('decodes the example to its plaintext fields and accepts its MAC under the secret', () => {
    const decoded = decodeCosV4Signature(EXAMPLE_SIGN);

    assert.ok(decoded);
    assert.equal(decoded.plaintext, 'a=1250000000&k=AKIDEXAMPLE&e=1700003600&t=1700000000&r=123456789&f=&b=mybucket');
    assert.equal(cosV4MacMatches(decoded, 'SECRETKEYEXAMPLE'), true);
    assert.equal(cosV4MacMatches(decoded, 'another-secret'), false);
  });

  it("decodes seed 004's signature to the plaintext protocols.md gives", () => {
    const decoded = decodeCosV4Signature(SEED_004_SIGN);

    assert.ok(decoded);
    assert.equal(decoded.plaintext, 'a=10055004&k=AKIDzn8wwKuXjxixQAkRBC2DRXBtPd7CrlJQ&e=1472647780&t=1472647600&r=1060345938&f=&b=accesslog');
    assert.deepEqual(
      { ...decoded.fields },
      { appid: '10055004', secretId: 'AKIDzn8wwKuXjxixQAkRBC2DRXBtPd7CrlJQ', expire: 1472647780, now: 1472647600, random: 1060345938, fileId: '', bucket: 'accesslog' },
    );
  });

  it('refuses to decode text that is not base64 of a MAC and the seven fields', () => {
    const missingField = Buffer.concat([Buffer.alloc(20), Buffer.from('a=1&k=2&e=3&t=4&r=5&f=')]).toString('base64');

    assert.equal(decodeCosV4Signature('not base64!'), undefined);
    assert.equal(decodeCosV4Signature(Buffer.alloc(20).toString('base64')), undefined);
    assert.equal(decodeCosV4Signature(missingField), undefined);
  });

  it('issues short-lived signatures bound to the file, with the file URL and key', async () => {
    const signer = createCosV4Signer({ endpoint: 'http://127.0.0.1:1', appid: '1250000000', bucket: 'b1', secretId: 'AKID1', secretKey: 'sk', ttlSeconds: 60 });
    const before = Date.now();

    const answer = (await signer.handle('sign', { file: { name: 'a b.bin', size: 3, type: '' }, key: 'dir/a b.bin' })) as Record<string, unknown>;

    const decoded = decodeCosV4Signature(String(answer.sign));
    assert.ok(decoded);
    assert.equal(answer.url, 'http://127.0.0.1:1/files/v2/1250000000/b1/dir/a%20b.bin');
    assert.equal(answer.key, 'dir/a b.bin');
    assert.equal(decoded.fields.fileId, '/1250000000/b1/dir/a%20b.bin');
    assert.equal(decoded.fields.expire - decoded.fields.now, 60);
    assert.equal(cosV4MacMatches(decoded, 'sk'), true);
    assert.ok(Number(answer.expiresAt) > before && Number(answer.expiresAt) <= before + 61_000);
  });
});

describe('COS v4 SHA-1 slice states (protocols.md 4.1)', () => {
  const file = Buffer.concat([Buffer.alloc(1048576, 'a'), Buffer.alloc(100, 'b')]);

  it('records the state after the first MiB as the computed test vector says', () => {
    const sha = new ResumableSha1().update(file.subarray(0, 1048576));

    assert.equal(sha.cosState(), '0a560be70dd43f123a08f3519016b87dfc0a1eb6');
  });

  it('finishes the file from that state alone, giving the plain SHA-1', () => {
    const sha = new ResumableSha1({ cosHex: '0a560be70dd43f123a08f3519016b87dfc0a1eb6', offset: 1048576 }).update(file.subarray(1048576));

    assert.equal(sha.digestHex(), '208d3f1ddf2725883d8110874b6e3eaf44a76689');
    assert.equal(sha1Hex(file), '208d3f1ddf2725883d8110874b6e3eaf44a76689');
  });

  it('agrees with node:crypto on lengths around the padding boundary', () => {
    const lengths = [0, 1, 55, 56, 63, 64, 65, 119, 120, 1000];

    const mismatched = lengths.filter((n) => new ResumableSha1().update(Buffer.alloc(n, n)).digestHex() !== sha1Hex(Buffer.alloc(n, n)));

    assert.deepEqual(mismatched, []);
  });
});
