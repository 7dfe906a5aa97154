import { expect } from '@esm-bundle/chai';
import { redactText, redactUrl } from '../../src/transport/redact.js';
import { UploadError } from '../../src/transport/upload-error.js';

describe('redaction', () => {
  it('drops the query and fragment of a URL', () => {
    expect(redactUrl('http://127.0.0.1:9/b/k.bin?OSSAccessKeyId=a&Signature=s%3D&uploadId=u#x')).to.equal('http://127.0.0.1:9/b/k.bin');
  });

  it('masks long opaque path segments such as a Qiniu ctx', () => {
    const ctx = 'x'.repeat(60);

    expect(redactUrl(`http://up.test/bput/${ctx}/4194304`)).to.equal('http://up.test/bput/…/4194304');
  });

  const secrets: readonly [string, string][] = [
    ['Authorization: UpToken ak:sig:policy', 'UpToken'],
    ['header OSS test-ak:AbC+/=', 'OSS'],
    ['see X-Amz-Signature=abcdef and sign=xyz', 'Signature'],
  ];
  for (const [text, word] of secrets) {
    it(`masks ${word} in free text`, () => {
      const out = redactText(text);

      expect(out).to.contain('[redacted]');
      expect(out).to.not.match(/ak:sig|AbC\+|abcdef|xyz/);
    });
  }

  it('leaves prose that merely names a scheme alone', () => {
    expect(redactText('open the OSS console and add ETag')).to.equal('open the OSS console and add ETag');
  });

  it('masks security tokens whatever their case', () => {
    expect(redactText('X-Amz-Security-Token=abc&x=1')).to.equal('X-Amz-Security-Token=[redacted]&x=1');
  });

  it('redacts every UploadError message and URL when it is built', () => {
    const error = new UploadError('PUT http://h/k?Signature=secret failed; token=abc', {
      kind: 'network',
      url: 'http://h/k?Signature=secret',
    });

    expect(error.message).to.equal('chunk-uploader: PUT http://h/k failed; token=[redacted]');
    expect(error.url).to.equal('http://h/k');
    expect(JSON.stringify(error)).to.not.contain('secret');
  });
});
