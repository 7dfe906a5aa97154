import { expect } from '@esm-bundle/chai';
import { DEFAULT_RETRY, DEFAULT_RUN_LIMITS, decideRetry, decideRunRecovery } from '../../src/core/retry.js';
import { ERROR_KINDS, UploadError, type ErrorKind } from '../../src/transport/upload-error.js';

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

  it('retries bytes that arrived changed only a few times (a link that corrupts them does so again)', () => {
    expect(decideRetry(error('integrity'), 3, 0).action).to.equal('retry');
    expect(decideRetry(error('integrity'), 4, 0).action).to.equal('fail');
    expect(decideRetry(error('integrity'), 1, 0, { ...DEFAULT_RETRY, retries: 0 }).action).to.equal('fail');
  });

  it('has a decision for every error kind', () => {
    const expected: Readonly<Record<ErrorKind, string>> = {
      network: 'retry',
      timeout: 'retry',
      aborted: 'fail',
      'expired-credential': 'resign',
      auth: 'fail',
      throttled: 'retry',
      conflict: 'fail',
      'session-gone': 'restart',
      integrity: 'retry',
      client: 'fail',
      server: 'retry',
      protocol: 'retry',
      config: 'fail',
      invalid: 'fail',
    };
    for (const kind of ERROR_KINDS) expect(decideRetry(error(kind), 1, 0).action, kind).to.equal(expected[kind]);
  });
});

describe('run recovery policy', () => {
  it('starts over with a new session when the session is gone, up to the limit', () => {
    expect(decideRunRecovery(error('session-gone'), 'uploading', 0, 0)).to.deep.equal({ action: 'restart' });
    expect(decideRunRecovery(error('session-gone'), 'completing', DEFAULT_RUN_LIMITS.maxRestarts - 1, 0)).to.deep.equal({ action: 'restart' });
    expect(decideRunRecovery(error('session-gone'), 'preparing', DEFAULT_RUN_LIMITS.maxRestarts, 0)).to.deep.equal({ action: 'fail' });
  });

  it('goes back to fix parts when completion refuses them, up to the limit, and only at completion', () => {
    expect(decideRunRecovery(error('integrity'), 'completing', 0, 0)).to.deep.equal({ action: 'repair' });
    expect(decideRunRecovery(error('integrity'), 'completing', 0, DEFAULT_RUN_LIMITS.maxRepairs)).to.deep.equal({ action: 'fail' });
    expect(decideRunRecovery(error('integrity'), 'uploading', 0, 0)).to.deep.equal({ action: 'fail' });
  });

  it('reports every other kind', () => {
    for (const kind of ERROR_KINDS.filter((k) => k !== 'session-gone' && k !== 'integrity')) {
      for (const phase of ['preparing', 'uploading', 'completing'] as const) {
        expect(decideRunRecovery(error(kind), phase, 0, 0), `${kind} at ${phase}`).to.deep.equal({ action: 'fail' });
      }
    }
  });
});
