/**
 * Type test (checked by `npm run typecheck`, never run): a backend-less page signs Azure uploads
 * itself, typed by the `azure` target from the public entry, with no casts.
 */
import { Uploader, azure, type SignRequestFor, type SignerFor } from '../../src/index.js';

declare function sasFor(blobName: string): Promise<{ url: string; expiresAt: number }>;
declare function commit(blobName: string, blockIds: readonly string[]): Promise<string>;

export const azureSigner: SignerFor<typeof azure> = async (request) => {
  switch (request.op) {
    case 'initiate': {
      const key = request.key ?? request.file.name;
      return { key, uploadId: '0123456789abcdef0123456789abcdef', ...(await sasFor(key)) };
    }
    case 'put': {
      const key = request.key ?? request.file.name;
      return { ...(await sasFor(key)), headers: { 'x-ms-blob-type': 'BlockBlob' }, key };
    }
    case 'sas':
      return sasFor(request.key);
    case 'list':
      return { blocks: [] };
    case 'complete':
      return { key: request.key, etag: await commit(request.key, request.blockIds) };
    case 'abort':
      return {};
  }
};

// @ts-expect-error Azure has no per-part `part` operation: one SAS serves every block.
export const noPart: SignRequestFor<typeof azure>['op'] = 'part';
// @ts-expect-error a commit names block ids, not S3-style parts.
export const noParts = (request: Extract<SignRequestFor<typeof azure>, { op: 'complete' }>): number => request.parts.length;

export const engine = new Uploader({ targets: [azure()], signer: azureSigner });
