import { expect } from '@esm-bundle/chai';
import { UploadHosts } from '../../src/protocols/qiniu/hosts.js';
import { CTX_MARGIN_MS, isBlockRecordUsable, readCheckpoint } from '../../src/protocols/qiniu/journal.js';
import { qetagFromBlockSha1s } from '../../src/protocols/qiniu/qetag.js';
import { qiniuError } from '../../src/protocols/qiniu/wire.js';

const NOW = 1_700_000_000_000;
const inSeconds = (ms: number): number => Math.floor((NOW + ms) / 1000);

describe('qiniu adapter · error kinds (protocols.md 1.3)', () => {
  const cases: readonly [number, string, string][] = [
    [401, '{"error":"expired token"}', 'expired-credential'],
    [401, '{"error":"token expired 12 seconds ago"}', 'expired-credential'],
    [401, '{"error":"bad token"}', 'auth'],
    [401, '{"error":"key doesn\'t match with scope"}', 'auth'],
    [400, '{"error":"invalid"}', 'client'],
    [403, '{"error":"limited mimeType"}', 'invalid'],
    [406, '{"error":"crc32 not match"}', 'integrity'],
    [413, '{"error":"too large"}', 'invalid'],
    [419, '{"error":"frozen"}', 'auth'],
    [500, '', 'server'],
    [502, '', 'server'],
    [503, '', 'throttled'],
    [599, '{"error":"internal"}', 'server'],
    [612, '{"error":"no such"}', 'session-gone'],
    [614, '{"error":"file exists"}', 'conflict'],
    [631, '{"error":"no such bucket"}', 'config'],
    [701, '{"error":"block 0: invalid context"}', 'session-gone'],
  ];
  for (const [status, body, kind] of cases) {
    it(`maps ${status} ${body || '(no body)'} to ${kind}`, () => {
      const error = qiniuError('mkfile', status, body, 'http://up.test/mkfile/1');

      expect([error.kind, error.code]).to.deep.equal([kind, String(status)]);
      expect(error.message).to.match(/^chunk-uploader: mkfile failed with HTTP \d+.*; /);
    });
  }
});

describe('qiniu adapter · journal', () => {
  const record = (extra: Record<string, unknown> | undefined): Parameters<typeof isBlockRecordUsable>[0] =>
    ({ number: 1, size: 4, ...(extra === undefined ? {} : { extra }) }) as Parameters<typeof isBlockRecordUsable>[0];
  const cases: readonly [string, Record<string, unknown> | undefined, boolean][] = [
    ['a ctx valid for a day', { ctx: 'c', host: 'http://h', expiredAt: inSeconds(86_400_000) }, true],
    ['a ctx within the two-minute margin', { ctx: 'c', host: 'http://h', expiredAt: inSeconds(CTX_MARGIN_MS - 1000) }, false],
    ['an expired ctx', { ctx: 'c', host: 'http://h', expiredAt: inSeconds(-1000) }, false],
    ['a ctx without expired_at', { ctx: 'c', host: 'http://h', expiredAt: null }, false],
    ['a record without a ctx', { host: 'http://h', expiredAt: inSeconds(86_400_000) }, false],
    ['a record without extra', undefined, false],
  ];
  for (const [situation, extra, usable] of cases) {
    it(`${usable ? 'keeps' : 'drops'} ${situation}`, () => {
      expect(isBlockRecordUsable(record(extra), NOW)).to.equal(usable);
    });
  }

  it('continues a half-sent block only from a well-formed checkpoint inside the block', () => {
    const good = { ctx: 'c', offset: 1024, expiredAt: inSeconds(86_400_000), host: 'http://h', chunkSize: 1024 };

    expect(readCheckpoint(good, 4096, NOW)).to.deep.equal(good);
    expect(readCheckpoint({ ...good, offset: 4096 }, 4096, NOW), 'offset at the end').to.equal(undefined);
    expect(readCheckpoint({ ...good, offset: 0 }, 4096, NOW), 'offset at the start').to.equal(undefined);
    expect(readCheckpoint({ ...good, expiredAt: inSeconds(60_000) }, 4096, NOW), 'close to expiry').to.equal(undefined);
    expect(readCheckpoint(null, 4096, NOW), 'cleared').to.equal(undefined);
  });
});

describe('qiniu adapter · upload hosts', () => {
  it('matches an answer host by name and port and keeps the allowlisted scheme', () => {
    const hosts = new UploadHosts(['https://up.example.com', 'upload.example.com', 'http://127.0.0.1:8080']);

    expect(hosts.allowed('http://up.example.com')).to.equal('https://up.example.com');
    expect(hosts.allowed('upload.example.com')).to.equal('https://upload.example.com');
    expect(hosts.allowed('http://127.0.0.1:8080')).to.equal('http://127.0.0.1:8080');
    expect(hosts.allowed('http://127.0.0.1:8081')).to.equal(undefined);
    expect(hosts.allowed('http://up.example.com.evil.test')).to.equal(undefined);
  });

  it('sets a host aside after three failures in a row and comes back to it later', () => {
    let now = 0;
    const hosts = new UploadHosts(['http://a.test', 'http://b.test'], { now: () => now, freezeMs: 1000 });

    hosts.failed('http://a.test');
    hosts.failed('http://a.test');
    const afterTwo = hosts.pick('http://a.test');
    hosts.failed('http://a.test');
    const afterThree = hosts.pick('http://a.test');
    now = 1001;

    expect([afterTwo, afterThree, hosts.pick()]).to.deep.equal(['http://a.test', 'http://b.test', 'http://a.test']);
  });

  it('keeps a block on its host when every host is failing', () => {
    const hosts = new UploadHosts(['http://a.test', 'http://b.test'], { failuresToFreeze: 1, now: () => 0 });

    hosts.failed('http://a.test');
    hosts.failed('http://b.test');

    expect(hosts.pick('http://b.test')).to.equal('http://b.test');
  });
});

describe('qiniu adapter · qetag from block SHA-1s', () => {
  it('gives the etag of empty content for no block', () => {
    expect(qetagFromBlockSha1s([])).to.equal('Fto5o-5ea0sNMlW_75VgGJCv2AcJ');
  });
});
