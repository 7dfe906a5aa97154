import { expect } from '@esm-bundle/chai';
import { DEFAULT_RETRY, decideRetry } from '../../src/core/retry.js';
import { UploadError, type ErrorKind } from '../../src/transport/upload-error.js';

const error = (kind: ErrorKind, retryAfterMs?: number): UploadError =>
  new UploadError('x', { kind, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) });
const fixed = (value: number) => () => value;

describe('retry policy', () => {
  const retried: readonly ErrorKind[] = ['network', 'timeout', 'server', 'throttled', 'integrity'];
  for (const kind of retried) {
    it(`retries ${kind} with full-jitter exponential backoff`, () => {
      const first = decideRetry(error(kind), 1, 0, DEFAULT_RETRY, fixed(1));
      const third = decideRetry(error(kind), 3, 0, DEFAULT_RETRY, fixed(1));
      const jittered = decideRetry(error(kind), 3, 0, DEFAULT_RETRY, fixed(0.25));

      expect(first).to.deep.equal({ action: 'retry', delayMs: 500 });
      expect(third).to.deep.equal({ action: 'retry', delayMs: 2000 });
      expect(jittered).to.deep.equal({ action: 'retry', delayMs: 500 });
    });
  }

  const terminal: readonly ErrorKind[] = ['auth', 'client', 'conflict', 'config', 'invalid', 'aborted'];
  for (const kind of terminal) {
    it(`fails at once on ${kind}`, () => {
      expect(decideRetry(error(kind), 1, 0)).to.deep.equal({ action: 'fail' });
    });
  }

  it('caps the backoff window', () => {
    expect(decideRetry(error('network'), 8, 0, DEFAULT_RETRY, fixed(1))).to.deep.equal({ action: 'retry', delayMs: 30_000 });
  });

  it('gives up once the retries are spent', () => {
    expect(decideRetry(error('server'), DEFAULT_RETRY.retries + 1, 0)).to.deep.equal({ action: 'fail' });
  });

  it('retries a malformed answer only a couple of times', () => {
    expect(decideRetry(error('protocol'), 2, 0).action).to.equal('retry');
    expect(decideRetry(error('protocol'), 3, 0).action).to.equal('fail');
  });

  it('waits at least what the server asked for', () => {
    expect(decideRetry(error('throttled', 7000), 1, 0, DEFAULT_RETRY, fixed(0))).to.deep.equal({ action: 'retry', delayMs: 7000 });
  });

  it('signs again on an expired credential without spending a retry, up to a limit', () => {
    expect(decideRetry(error('expired-credential'), 1, 0)).to.deep.equal({ action: 'resign' });
    expect(decideRetry(error('expired-credential'), 99, 2)).to.deep.equal({ action: 'resign' });
    expect(decideRetry(error('expired-credential'), 1, DEFAULT_RETRY.maxResigns)).to.deep.equal({ action: 'fail' });
  });

  it('restarts the upload when the server session is gone', () => {
    expect(decideRetry(error('session-gone'), 1, 0)).to.deep.equal({ action: 'restart' });
  });
});
