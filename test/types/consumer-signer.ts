/**
 * Type test (checked by `npm run typecheck`, never run): a page that imports one target from the
 * package's public entry and writes its signer callback, typed by that target, with no casts.
 * Each `@ts-expect-error` proves the types are tight: the line must fail to compile.
 */
import { Uploader, qiniu, s3, type SignRequestFor, type SignerFor } from '../../src/index.js';

declare function presign(key: string, uploadId: string, partNumber: number): Promise<string>;

export const s3Signer: SignerFor<typeof s3> = async (request) => {
  switch (request.op) {
    case 'initiate':
      return { uploadId: `upload-of-${request.file.name}`, key: request.key ?? request.file.name };
    case 'part':
      return { url: await presign(request.key, request.uploadId, request.partNumber), expiresAt: Date.now() + 60_000 };
    case 'put':
      return { url: await presign(request.key ?? request.file.name, '', 0), key: request.key ?? request.file.name };
    case 'list':
      return { parts: [] };
    case 'complete':
      return { key: request.key, parts: request.parts.length };
    case 'abort':
      return {};
  }
};

export const qiniuSigner: SignerFor<typeof qiniu> = async (request) => ({
  token: `token-for-${request.file.name}`,
  expiresAt: Date.now() + 3_600_000,
  uploadHosts: ['https://up.example.com'],
});

// @ts-expect-error Qiniu's signer has no `part` operation.
export const notQiniu: SignRequestFor<typeof qiniu>['op'] = 'part';
// @ts-expect-error S3's part request has no `file`.
export const noFile = (request: Extract<SignRequestFor<typeof s3>, { op: 'part' }>): string => request.file.name;

// @ts-expect-error an S3 part answer needs a url.
export const wrongAnswer: SignerFor<typeof s3> = async () => ({ uploadId: 1 });

// The engine takes it as is, and types an inline signer by its targets.
export const engine = new Uploader({ targets: [s3()], signer: s3Signer });
export const inline = new Uploader({
  targets: [qiniu({ chunkSize: 1024 * 1024 })],
  signer: async (request) => ({ token: request.op, expiresAt: 0, key: request.file.name }),
});
