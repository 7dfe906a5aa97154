import assert from 'node:assert/strict';
import { describe, it, mock } from 'node:test';
import qiniu from 'qiniu';
import { createQiniuSigner } from '../../src/server/targets/qiniu.js';
import { makeUpToken, parseUpToken, signEncodedPolicy, verifyUpToken } from '../../server/verify/qiniu.js';

/** protocols.md 1.2, the official worked example [verified]. */
const VECTOR = {
  accessKey: 'MY_ACCESS_KEY',
  secretKey: 'MY_SECRET_KEY',
  policy:
    '{"scope":"my-bucket:sunflower.jpg","deadline":1451491200,"returnBody":"{\\"name\\":$(fname),\\"size\\":$(fsize),\\"w\\":$(imageInfo.width),\\"h\\":$(imageInfo.height),\\"hash\\":$(etag)}"}',
  encodedPolicy:
    'eyJzY29wZSI6Im15LWJ1Y2tldDpzdW5mbG93ZXIuanBnIiwiZGVhZGxpbmUiOjE0NTE0OTEyMDAsInJldHVybkJvZHkiOiJ7XCJuYW1lXCI6JChmbmFtZSksXCJzaXplXCI6JChmc2l6ZSksXCJ3XCI6JChpbWFnZUluZm8ud2lkdGgpLFwiaFwiOiQoaW1hZ2VJbmZvLmhlaWdodCksXCJoYXNoXCI6JChldGFnKX0ifQ==',
  encodedSign: 'wQ4ofysef1R7IKnrziqtomqyDvI=',
};
const VECTOR_TOKEN = `${VECTOR.accessKey}:${VECTOR.encodedSign}:${VECTOR.encodedPolicy}`;
const credentials = new Map([[VECTOR.accessKey, VECTOR.secretKey]]);

describe('Qiniu UpToken (our own code and the official SDK)', () => {
  it('reproduces the official vector with our own signing code', () => {
    assert.equal(signEncodedPolicy(VECTOR.secretKey, VECTOR.encodedPolicy), VECTOR.encodedSign);
    assert.equal(makeUpToken(VECTOR.accessKey, VECTOR.secretKey, VECTOR.policy), VECTOR_TOKEN);
  });

  it('reproduces the official vector with the SDK PutPolicy, at the vector deadline', () => {
    mock.timers.enable({ apis: ['Date'], now: (1451491200 - 3600) * 1000 });
    try {
      const policy = new qiniu.rs.PutPolicy({
        scope: 'my-bucket:sunflower.jpg',
        deadline: 0,
        returnBody: '{"name":$(fname),"size":$(fsize),"w":$(imageInfo.width),"h":$(imageInfo.height),"hash":$(etag)}',
        expires: 3600,
      });

      const token = policy.uploadToken(new qiniu.auth.digest.Mac(VECTOR.accessKey, VECTOR.secretKey));

      assert.equal(token, VECTOR_TOKEN);
    } finally {
      mock.timers.reset();
    }
  });

  it('accepts the vector token before its deadline and calls it expired after', () => {
    assert.equal(verifyUpToken(VECTOR_TOKEN, credentials, 1451491200 * 1000).ok, true);
    assert.deepEqual(verifyUpToken(VECTOR_TOKEN, credentials, 1451491230 * 1000), { ok: false, expired: true, message: 'token expired 30 seconds ago' });
  });

  it('calls a token with a spoiled signature, an unknown key or a broken policy a bad token', () => {
    const spoiled = VECTOR_TOKEN.replace(VECTOR.encodedSign, 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=');
    const unknown = VECTOR_TOKEN.replace('MY_ACCESS_KEY', 'OTHER_KEY');
    const broken = `${VECTOR.accessKey}:${VECTOR.encodedSign}:not-base64!`;

    for (const token of [spoiled, unknown, broken, 'no-colons']) {
      assert.deepEqual(verifyUpToken(token, credentials, 1451491200 * 1000), { ok: false, expired: false, message: 'bad token' }, token);
    }
  });

  it('verifies tokens from the reference signer, scoped to the key, with hosts and expiry alongside', async () => {
    const signer = createQiniuSigner({
      bucket: 'b',
      accessKey: VECTOR.accessKey,
      secretKey: VECTOR.secretKey,
      ttlSeconds: 60,
      uploadHosts: ['http://127.0.0.1:1'],
      policy: { insertOnly: 1 },
    });

    const answer = (await signer.handle('token', { file: { name: 'a.bin', size: 1, type: '' }, key: 'dir/a.bin' })) as {
      token: string;
      expiresAt: number;
      key: string;
      uploadHosts: string[];
    };

    const check = verifyUpToken(answer.token, credentials, Date.now());
    assert.equal(check.ok, true);
    const policy = parseUpToken(answer.token)!.policy;
    assert.equal(policy.scope, 'b:dir/a.bin');
    assert.equal(policy.insertOnly, 1);
    assert.equal(answer.expiresAt, policy.deadline * 1000);
    assert.equal(answer.key, 'dir/a.bin');
    assert.deepEqual(answer.uploadHosts, ['http://127.0.0.1:1']);
  });
});
