import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { S3_DEFAULTS } from '../../server/emulators/s3.js';
import { sweepOrphans } from '../../server/process-storage.js';
import { sdkClient } from './helpers/s3-client.js';
import { killPlaygrounds, startPlayground as startPlaygroundIn, type Playground } from '../e2e/lib/playground.js';

const MiB = 1024 * 1024;
const Bucket = S3_DEFAULTS.bucket;

/** `npm start` in `tmp` (TMPDIR), as test/e2e/lib/playground.ts starts it. */
function startPlayground(tmp: string, args: readonly string[] = []): Promise<Playground> {
  return startPlaygroundIn({ args, env: { TMPDIR: tmp } });
}

/** A finished two-part upload (its object's MD5 checked) and an unfinished one, both on disk. */
async function upload(playground: Playground): Promise<void> {
  const s3 = sdkClient(playground.urls.s3 ?? '');
  const body = randomBytes(5 * MiB + 1024);
  const Key = 'cleanup/finished.bin';
  const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key }));
  const parts = [body.subarray(0, 5 * MiB), body.subarray(5 * MiB)];
  const Parts = [];
  for (const [index, part] of parts.entries()) {
    const { ETag } = await s3.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: index + 1, Body: part }));
    Parts.push({ PartNumber: index + 1, ETag });
  }
  await s3.send(new CompleteMultipartUploadCommand({ Bucket, Key, UploadId, MultipartUpload: { Parts } }));
  const stored = await s3.send(new GetObjectCommand({ Bucket, Key }));
  const storedBytes = await stored.Body?.transformToByteArray();
  assert.equal(md5(Buffer.from(storedBytes ?? [])), md5(body));

  const open = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key: 'cleanup/unfinished.bin' }));
  await s3.send(new UploadPartCommand({ Bucket, Key: 'cleanup/unfinished.bin', UploadId: open.UploadId, PartNumber: 1, Body: randomBytes(MiB) }));
  s3.destroy();

  const s3Store = readdirSync(playground.storage).find((name) => name.startsWith('s3-'));
  assert.ok(s3Store !== undefined, 'the S3 emulator keeps its store in the printed folder');
  assert.ok(readdirSync(join(playground.storage, s3Store)).length >= 2, 'parts and the object are on disk');
}

function md5(bytes: Buffer): string {
  return createHash('md5').update(bytes).digest('hex');
}

function leftovers(tmp: string): string[] {
  return readdirSync(tmp).filter((name) => name.startsWith('chunk-uploader-'));
}

describe('Playground storage is removed when the process ends', { timeout: 600_000 }, () => {
  let tmp: string;
  before(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'storage-cleanup-'));
  });
  afterEach(killPlaygrounds);
  after(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`${signal}: the stores are gone when the process has exited`, async () => {
      const playground = await startPlayground(tmp);
      assert.equal(playground.storage, join(tmp, `chunk-uploader-${playground.child.pid}`));
      await upload(playground);
      playground.child.kill(signal);
      const { code, signal: diedOf } = await playground.stopped();
      assert.ok(code === 0 || diedOf === signal, `exit code ${code}, signal ${diedOf}`);
      assert.equal(existsSync(playground.storage), false, `${playground.storage} is left`);
      assert.deepEqual(leftovers(tmp), []);
    });
  }

  it('SIGKILL: the next start sweeps the killed process’s stores', async () => {
    const killed = await startPlayground(tmp);
    await upload(killed);
    killed.child.kill('SIGKILL');
    await killed.exited;
    assert.equal(existsSync(killed.storage), true, 'a killed process cannot clean up; the next start must');

    const next = await startPlayground(tmp);
    assert.equal(existsSync(killed.storage), false, `${killed.storage} was not swept`);
    assert.deepEqual(leftovers(tmp), [`chunk-uploader-${next.child.pid}`]);
    next.child.kill('SIGINT');
    await next.stopped();
    assert.deepEqual(leftovers(tmp), []);
  });

  it('--keep keeps the stores after exit, and the next start leaves them alone', async () => {
    const kept = await startPlayground(tmp, ['--keep']);
    await upload(kept);
    kept.child.kill('SIGINT');
    await kept.stopped();
    assert.equal(existsSync(kept.storage), true);
    const next = await startPlayground(tmp);
    assert.equal(existsSync(kept.storage), true, 'a kept folder is not swept');
    next.child.kill('SIGTERM');
    await next.stopped();
    assert.deepEqual(leftovers(tmp), [`chunk-uploader-${kept.child.pid}`]);
    await rm(kept.storage, { recursive: true, force: true });
  });
});

describe('Orphan sweep', () => {
  let tmp: string;
  before(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'storage-sweep-'));
  });
  after(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  const folder = (pid: number, owner?: object): string => {
    const path = join(tmp, `chunk-uploader-${pid}`);
    mkdirSync(path, { recursive: true });
    if (owner !== undefined) writeFileSync(join(path, 'owner.json'), JSON.stringify(owner));
    return path;
  };

  it('keeps a running process’s folder, even before it wrote its owner file', () => {
    const running = folder(process.ppid);
    assert.deepEqual(sweepOrphans(tmp), []);
    assert.equal(existsSync(running), true);
    rmSync(running, { recursive: true });
  });

  it('removes the folder of a reused pid (the process there now started at another time)', () => {
    const reused = folder(process.ppid, { pid: process.ppid, started: '1', keep: false });
    assert.deepEqual(sweepOrphans(tmp), [reused]);
  });

  it('leaves kept folders and names it does not own', () => {
    const kept = folder(2 ** 22 + 1, { pid: 2 ** 22 + 1, started: '1', keep: true });
    mkdirSync(join(tmp, 'chunk-uploader-oss-abc123'));
    const gone = folder(2 ** 22 + 2);
    assert.deepEqual(sweepOrphans(tmp), [gone]);
    assert.equal(existsSync(kept), true);
    assert.equal(existsSync(join(tmp, 'chunk-uploader-oss-abc123')), true);
  });
});
