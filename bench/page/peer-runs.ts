import AwsS3 from '@uppy/aws-s3';
import Uppy, { type Body, type Meta } from '@uppy/core';
import { Upload as TusUpload } from 'tus-js-client';
import { batchFiles, inLanes, signed, type Measure } from './page-helpers.js';

/**
 * The peers, in the same page and the same measure as our runs: tus-js-client against
 * @tus/server (bench/lib/tus-server.ts), and Uppy 6 with @uppy/aws-s3 against s3rver (through
 * the bench's presigner, bench/lib/s3rver-presigner.ts) or against the sink (through the sink's
 * signer). Each is used as its documentation shows, with the bench's part size and concurrency.
 */

export interface PeerRun {
  readonly sink: string;
  /** @tus/server's creation endpoint. */
  readonly tus: string;
  /** The s3rver presigner's URL. */
  readonly presigner: string;
  readonly concurrency: number;
  /** Batches: file count and size; absent for the big (picked) file. */
  readonly count?: number;
  readonly size?: number;
  /** tus: bytes per PATCH (one PATCH of the whole file when absent); Uppy: bytes per part. */
  readonly chunkSize?: number;
  /** Uppy's storage. */
  readonly storage?: 'sink' | 's3rver';
}

function tusUpload(file: File, endpoint: string, chunkSize: number | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const upload = new TusUpload(file, {
      endpoint,
      ...(chunkSize === undefined ? {} : { chunkSize }),
      metadata: { filename: file.name, filetype: file.type },
      // A bench file is never resumed: no fingerprint lookups in localStorage.
      storeFingerprintForResuming: false,
      onSuccess: () => resolve(),
      onError: (error) => reject(error),
    });
    upload.start();
  });
}

/** What @uppy/aws-s3 asks `signRequest` to sign (its PresignableRequest). */
interface S3Request {
  readonly method: string;
  readonly key: string;
  readonly uploadId?: string;
  readonly partNumber?: number;
  readonly contentType?: string;
}

/** Signs each S3 call Uppy makes: the bench's presigner for s3rver, the sink's signer for the sink. */
function signerFor(run: PeerRun): (request: S3Request) => Promise<{ url: string }> {
  if (run.storage === 's3rver') {
    return async (request) => {
      const response = await fetch(run.presigner, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(request) });
      if (!response.ok) throw new Error(`presign ${request.method}: HTTP ${response.status}`);
      return (await response.json()) as { url: string };
    };
  }
  return async (request) => {
    const { key, uploadId } = request;
    const op =
      request.method === 'PUT' ? (uploadId === undefined ? 'put' : 'part') : request.method === 'POST' ? (uploadId === undefined ? 's3-create' : 's3-complete') : undefined;
    if (op === undefined) throw new Error(`the sink signs no ${request.method}`);
    const { url } = await signed(run.sink, op, { key, uploadId, partNumber: request.partNumber });
    if (url === undefined) throw new Error(`sign ${op}: no url`);
    return { url };
  };
}

/** Uploads `files` with Uppy 6 and @uppy/aws-s3; multipart (in `chunkSize` parts) when `chunkSize` is given. */
async function uppyUpload(files: readonly File[], run: PeerRun, fileDone: () => void, adding: () => void = () => undefined): Promise<void> {
  const uppy = new Uppy<Meta, Body>({ autoProceed: false });
  const partSize = run.chunkSize;
  uppy.use(AwsS3, {
    limit: run.concurrency,
    shouldUseMultipart: partSize !== undefined,
    ...(partSize === undefined ? {} : { getChunkSize: () => partSize }),
    generateObjectKey: (file) => file.name ?? file.id,
    signRequest: signerFor(run),
  });
  uppy.on('upload-success', fileDone);
  adding();
  uppy.addFiles(files.map((data) => ({ name: data.name, type: data.type, data })));
  const result = await uppy.upload();
  uppy.destroy();
  const done = result?.successful?.length ?? 0;
  if (done !== files.length) throw new Error(`Uppy: ${files.length - done} files not done (${result?.failed?.map((file) => file.error).join('; ') ?? 'no result'})`);
}

export function peerRuns(measured: Measure, theFile: () => File) {
  return {
    /** tus-js-client on a batch: one upload per file, `concurrency` files in flight. */
    tusBatch: (run: PeerRun) => {
      const files = batchFiles(run.count ?? 0, run.size ?? 0);
      return measured((fileDone) =>
        inLanes(files, run.concurrency, async (file) => {
          await tusUpload(file, run.tus, run.chunkSize);
          fileDone();
        }),
      );
    },
    /** tus-js-client on the picked file: one upload, a PATCH per chunk, one at a time (tus's protocol without concatenation). */
    tusBig: (run: PeerRun) => measured(() => tusUpload(theFile(), run.tus, run.chunkSize)),
    /** Uppy on a batch (one PUT per file). */
    uppyBatch: (run: PeerRun) => {
      const files = batchFiles(run.count ?? 0, run.size ?? 0);
      return measured((fileDone, adding) => uppyUpload(files, run, fileDone, adding));
    },
    /** Uppy on the picked file, multipart. */
    uppyBig: (run: PeerRun) => measured((fileDone) => uppyUpload([theFile()], run, fileDone)),
  };
}
