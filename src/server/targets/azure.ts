import { randomBytes } from 'node:crypto';
import {
  BlobSASPermissions,
  BlobServiceClient,
  generateBlobSASQueryParameters,
  SASProtocol,
  StorageSharedKeyCredential,
  type BlockBlobClient,
} from '@azure/storage-blob';
import { SIGNER_CODES, SignerError } from '../errors.js';
import { decodeBlockId, isAzureUploadId } from './azure-block-id.js';
import { field, fileOf, keyOf, relayStorageError, seconds, type FileBody, type JsonBody, type Seconds, type StorageHandler } from './storage-handler.js';

/**
 * Azure Blob Storage block blobs with the official SDK (@azure/storage-blob): one SAS per upload
 * for the browser's Put Block requests, and Get Block List, Put Block List and the clean-up here.
 * Plain functions (`createAzureBlobOps`) under the storage-handler shape (`createAzureSigner`:
 * `handle(op, body)`), which createSigner calls after authorization, policy and session checks.
 *
 * Why the commit happens here and not in the browser: the backend learns that the upload is
 * complete (it has to record the object anyway), and it commits only what it checked against the
 * service's own list: ids of this upload, in part order, each stored. The browser's SAS can then be
 * write-only (`sp=w`, one blob, short-lived): it can neither read the blob nor list its blocks.
 * The cost is one signer round trip per upload, the same as every other presigned target.
 */
export interface AzureSignerOptions {
  readonly accountName: string;
  readonly accountKey: string;
  readonly container: string;
  /** The account's blob service URL the backend calls (`https://<account>.blob.core.windows.net`). */
  readonly serviceUrl: string;
  /** The same service as browsers reach it (a CDN, or the test rig's fault proxy); default `serviceUrl`. */
  readonly publicUrl?: string;
  /** Lifetime of each SAS, in seconds (read on every use). */
  readonly ttlSeconds: Seconds;
  /** Let the SAS work over plain HTTP (`spr=https,http`): loopback emulators only. */
  readonly allowHttp?: boolean;
}

export interface SignedUpload {
  /** The blob's URL with the SAS query: the one credential for every block of the upload. */
  readonly url: string;
  /** Unix milliseconds. */
  readonly expiresAt: number;
}

export interface StoredBlock {
  readonly blockId: string;
  readonly size: number;
}

export interface CommitRequest {
  readonly key: string;
  readonly uploadId: string;
  /** In blob order: block `i` is part `i + 1`. */
  readonly blockIds: readonly string[];
  readonly contentType?: string;
  /** Hex MD5 of the whole file, stored as the blob's Content-MD5 (Azure does not check it). */
  readonly fileMd5?: string;
  /**
   * The size the upload was opened for (chunk-uploader/server's session): the stored blocks must
   * add up to it, or nothing is committed.
   */
  readonly declaredSize?: number;
}

export interface AzureBlobOps {
  initiate(file: FileBody, key: string): Promise<{ readonly key: string; readonly uploadId: string } & SignedUpload>;
  sas(key: string): SignedUpload;
  put(file: FileBody, key: string, contentMd5: string | undefined): SignedUpload & { readonly key: string; readonly headers: Readonly<Record<string, string>>; readonly location: string };
  list(key: string, uploadId: string): Promise<readonly StoredBlock[]>;
  complete(request: CommitRequest): Promise<{ readonly key: string; readonly etag: string; readonly size: number; readonly location: string }>;
  abort(key: string, uploadId: string): Promise<void>;
}

/** A committed blob holds at most 50 000 blocks (Put Block List). */
const MAX_BLOCKS = 50_000;

interface SdkError {
  readonly statusCode?: number;
  readonly code?: string;
}

function relay(error: unknown): never {
  const e = error as SdkError;
  relayStorageError(error, e.statusCode, e.code);
}

export function createAzureBlobOps(options: AzureSignerOptions): AzureBlobOps {
  const ttl = (): number => seconds(options.ttlSeconds);
  const credential = new StorageSharedKeyCredential(options.accountName, options.accountKey);
  // One retry layer: the browser engine's (see server/signer/s3.ts).
  const service = new BlobServiceClient(options.serviceUrl, credential, { retryOptions: { maxTries: 1 } });
  const container = service.getContainerClient(options.container);
  const blob = (key: string): BlockBlobClient => container.getBlockBlobClient(key);
  const publicBlobUrl = (key: string): string =>
    `${(options.publicUrl ?? options.serviceUrl).replace(/\/+$/, '')}/${options.container}/${key.split('/').map(encodeURIComponent).join('/')}`;

  const sas = (key: string): SignedUpload => {
    // Whole seconds, rounded up: `se` carries seconds, so the expiry reported is the real one and
    // the SAS lives at least its whole lifetime.
    const expiresOn = new Date(Math.ceil((Date.now() + ttl() * 1000) / 1000) * 1000);
    // No start time: a browser or backend clock slightly behind Azure's would make a fresh SAS
    // "not yet valid" (Azure's own advice is to omit `st` or set it minutes back).
    const query = generateBlobSASQueryParameters(
      {
        containerName: options.container,
        blobName: key,
        permissions: BlobSASPermissions.parse('w'),
        expiresOn,
        protocol: options.allowHttp === true ? SASProtocol.HttpsAndHttp : SASProtocol.Https,
      },
      credential,
    ).toString();
    return { url: `${publicBlobUrl(key)}?${query}`, expiresAt: expiresOn.getTime() };
  };

  /** Every block the service holds for the blob, committed and not; empty when it has none. */
  const blocksOf = async (key: string): Promise<{ committed: Map<string, number>; uncommitted: Map<string, number> }> => {
    try {
      const list = await blob(key).getBlockList('all');
      const byName = (blocks: readonly { name: string; size: number }[] | undefined): Map<string, number> =>
        new Map((blocks ?? []).map((block) => [block.name, block.size]));
      return { committed: byName(list.committedBlocks), uncommitted: byName(list.uncommittedBlocks) };
    } catch (error) {
      if ((error as SdkError).statusCode === 404 && (error as SdkError).code === 'BlobNotFound') return { committed: new Map(), uncommitted: new Map() };
      relay(error);
    }
  };

  return {
    async initiate(_file, key) {
      return { key, uploadId: randomBytes(16).toString('hex'), ...sas(key) };
    },

    sas,

    put(file, key, contentMd5) {
      // Put Blob with the same write-only SAS for this one blob as Put Block gets. A SAS cannot
      // bind a size or an MD5: Azure checks a Content-MD5 the browser sends, and the size was
      // checked against the policy before this SAS was made. The MD5 is echoed, not signed.
      const headers = { 'x-ms-blob-type': 'BlockBlob', 'Content-Type': file.type || 'application/octet-stream' };
      return { ...sas(key), key, headers, location: publicBlobUrl(key), ...(contentMd5 === undefined ? {} : { contentMd5 }) };
    },

    async list(key, uploadId) {
      const { committed, uncommitted } = await blocksOf(key);
      // A commit whose answer was lost leaves this upload's blocks in the committed list; they
      // count too (Put Block List with <Latest> takes them from there).
      const blocks = new Map([...committed, ...uncommitted]);
      return [...blocks].filter(([blockId]) => decodeBlockId(blockId)?.uploadId === uploadId).map(([blockId, size]) => ({ blockId, size }));
    },

    async complete(request) {
      const { key, uploadId, blockIds } = request;
      if (blockIds.length > MAX_BLOCKS) throw new SignerError(400, 'BlockCountExceedsLimit', `a blob holds at most ${MAX_BLOCKS} blocks`);
      blockIds.forEach((blockId, index) => {
        const parts = decodeBlockId(blockId);
        if (parts?.uploadId !== uploadId || parts.partNumber !== index + 1) {
          throw new SignerError(400, 'InvalidBlockId', `block ${index + 1} is not part ${index + 1} of upload ${uploadId}`);
        }
      });
      const { committed, uncommitted } = await blocksOf(key);
      let size = 0;
      for (const [index, blockId] of blockIds.entries()) {
        const stored = uncommitted.get(blockId) ?? committed.get(blockId);
        // Azure's own code for a list naming a block it does not hold: the browser sends it again.
        if (stored === undefined) throw new SignerError(400, 'InvalidBlockList', `part ${index + 1} is not stored`);
        size += stored;
      }
      checkDeclaredSize(size, request.declaredSize);
      const md5 = request.fileMd5;
      const result = await blob(key)
        .commitBlockList([...blockIds], {
          blobHTTPHeaders: {
            blobContentType: request.contentType || 'application/octet-stream',
            ...(md5 === undefined ? {} : { blobContentMD5: Buffer.from(md5, 'hex') }),
          },
        })
        .catch(relay);
      return { key, etag: result.etag ?? '', size, location: publicBlobUrl(key) };
    },

    async abort(key, uploadId) {
      const { uncommitted } = await blocksOf(key);
      if (uncommitted.size === 0) return;
      // Blocks of another upload to the same name are not ours to drop.
      if ([...uncommitted.keys()].some((blockId) => decodeBlockId(blockId)?.uploadId !== uploadId)) return;
      // Azure has no call that drops uncommitted blocks; committing an empty list does (the list
      // names none of them), and deleting that empty blob leaves nothing. `If-None-Match: *`
      // keeps this from replacing a committed blob under the same name: then the blocks stay
      // until the next commit or Azure's one-week clean-up.
      let etag: string | undefined;
      try {
        etag = (await blob(key).commitBlockList([], { conditions: { ifNoneMatch: '*' } })).etag;
      } catch (error) {
        if ((error as SdkError).statusCode === 409 || (error as SdkError).statusCode === 412) return;
        relay(error);
      }
      await blob(key)
        .delete({ conditions: { ...(etag === undefined ? {} : { ifMatch: etag }) } })
        .catch((error: unknown) => {
          if ((error as SdkError).statusCode !== 404 && (error as SdkError).statusCode !== 412) relay(error);
        });
    },
  };
}

/** protocols.md: the blob is assembled from what Azure holds, so that, not the browser's word, is checked. */
function checkDeclaredSize(stored: number, declared: number | undefined): void {
  if (declared === undefined || stored === declared) return;
  const relation = stored > declared ? 'more' : 'fewer';
  throw new SignerError(400, SIGNER_CODES.sizeMismatch, `the stored blocks hold ${stored} bytes, ${relation} than the ${declared} declared`);
}

function uploadIdOf(body: JsonBody): string {
  const uploadId = field(body, 'uploadId');
  if (!isAzureUploadId(uploadId)) throw new SignerError(400, 'InvalidRequest', 'uploadId must be 32 lowercase hex digits');
  return uploadId;
}

function commitOf(body: JsonBody): CommitRequest {
  const { blockIds, contentType, fileMd5, declaredSize } = body;
  if (!Array.isArray(blockIds) || !blockIds.every((id): id is string => typeof id === 'string')) {
    throw new SignerError(400, 'InvalidRequest', 'blockIds must be an array of strings');
  }
  if (fileMd5 !== undefined && (typeof fileMd5 !== 'string' || !/^[0-9a-f]{32}$/.test(fileMd5))) {
    throw new SignerError(400, 'InvalidRequest', 'fileMd5 must be 32 lowercase hex digits');
  }
  return {
    key: field(body, 'key'),
    uploadId: uploadIdOf(body),
    blockIds,
    ...(typeof contentType === 'string' && contentType !== '' ? { contentType } : {}),
    ...(fileMd5 === undefined ? {} : { fileMd5 }),
    ...(typeof declaredSize === 'number' ? { declaredSize } : {}),
  };
}

/**
 * The storage operations under chunk-uploader/server's signer (`handle(op, body)`, the key and
 * the upload already checked there): initiate, put, sas, list, complete and abort.
 */
export function createAzureSigner(options: AzureSignerOptions): StorageHandler {
  const ops = createAzureBlobOps(options);
  return {
    async handle(op: string, body: JsonBody): Promise<unknown> {
      switch (op) {
        case 'initiate':
          return ops.initiate(fileOf(body), keyOf(body));
        case 'put': {
          const contentMd5 = body.contentMd5;
          if (contentMd5 !== undefined && (typeof contentMd5 !== 'string' || Buffer.from(contentMd5, 'base64').length !== 16)) {
            throw new SignerError(400, 'InvalidDigest', 'contentMd5 must be the base64 of a 16-byte MD5');
          }
          return ops.put(fileOf(body), keyOf(body), contentMd5);
        }
        case 'sas':
          uploadIdOf(body);
          return ops.sas(field(body, 'key'));
        case 'list':
          return { blocks: await ops.list(field(body, 'key'), uploadIdOf(body)) };
        case 'complete':
          return ops.complete(commitOf(body));
        case 'abort':
          await ops.abort(field(body, 'key'), uploadIdOf(body));
          return {};
        default:
          throw new SignerError(404, 'UnknownOperation', `Azure has no signer operation ${op}`);
      }
    },
  };
}
