import { createHash } from 'node:crypto';
import { BlobSASPermissions } from '@azure/storage-blob';
import { decodeBlockId } from '../../src/protocols/azure/block-id.js';
import type { OpenUpload, PartAcceptCount, StoredObject } from '../emulators/shared/emulator.js';
import type { AzuriteBlob } from './azurite.js';

/** Put Block requests Azurite answered 201, by blob and block id: parts sent more than once show. */
export class AzuriteAccepted {
  #counts = new Map<string, { key: string; blockId: string; count: number }>();

  count(key: string, blockId: string): void {
    const id = `${key}\u0000${blockId}`;
    const seen = this.#counts.get(id) ?? { key, blockId, count: 0 };
    seen.count += 1;
    this.#counts.set(id, seen);
  }

  list(): PartAcceptCount[] {
    return [...this.#counts.values()].map(({ key, blockId, count }) => {
      const parts = decodeBlockId(blockId);
      return { uploadId: parts?.uploadId ?? '', key, partNumber: parts?.partNumber ?? 0, count };
    });
  }

  clear(): void {
    this.#counts.clear();
  }
}

interface SdkError {
  readonly statusCode?: number;
}

/**
 * What tests and the playground read back, asked of Azurite itself over its REST API: a stored
 * blob's bytes (downloaded and hashed, not taken from any bookkeeping of ours) and the blobs that
 * still hold uncommitted blocks.
 */
export function createAzuriteInspector(azurite: AzuriteBlob, accepted: AzuriteAccepted) {
  const container = azurite.client.getContainerClient(azurite.container);

  const object = async (key: string): Promise<StoredObject | undefined> => {
    const blob = container.getBlobClient(key);
    let download;
    try {
      download = await blob.download();
    } catch (error) {
      if ((error as SdkError).statusCode === 404) return undefined;
      throw error;
    }
    const md5 = createHash('md5');
    let size = 0;
    for await (const chunk of download.readableStreamBody ?? []) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
      md5.update(bytes);
      size += bytes.length;
    }
    return {
      bucket: azurite.container,
      key,
      size,
      md5: md5.digest('hex'),
      etag: download.etag ?? '',
      contentType: download.contentType ?? '',
      path: blob.url,
    };
  };

  /** Blob names with uncommitted blocks, and the upload and parts those blocks belong to. */
  const uploads = async (): Promise<OpenUpload[]> => {
    const open: OpenUpload[] = [];
    for await (const item of container.listBlobsFlat({ includeUncommitedBlobs: true })) {
      const list = await container.getBlockBlobClient(item.name).getBlockList('uncommitted');
      const blocks = (list.uncommittedBlocks ?? []).map((block) => decodeBlockId(block.name));
      if (blocks.length === 0) continue;
      open.push({
        uploadId: blocks[0]?.uploadId ?? '',
        key: item.name,
        parts: blocks.map((parts) => parts?.partNumber ?? 0).sort((a, b) => a - b),
      });
    }
    return open;
  };

  /** Forgets every blob, committed or not (an empty commit drops uncommitted blocks). */
  const clear = async (): Promise<void> => {
    accepted.clear();
    for await (const item of container.listBlobsFlat({ includeUncommitedBlobs: true })) {
      const blob = container.getBlockBlobClient(item.name);
      await blob.commitBlockList([], { conditions: { ifNoneMatch: '*' } }).catch(() => undefined);
      await blob.delete().catch(() => undefined);
    }
  };

  /**
   * A read-only SAS URL for an hour, as a backend hands out a private blob, with `origin` (the
   * fault proxy) in place of Azurite's: the read shows in the request log like the uploads.
   */
  const readUrl = async (key: string, origin: string): Promise<string | undefined> => {
    const blob = container.getBlobClient(key);
    if (!(await blob.exists())) return undefined;
    const sas = await blob.generateSasUrl({ permissions: BlobSASPermissions.parse('r'), expiresOn: new Date(Date.now() + 3600_000) });
    return `${origin}${sas.slice(azurite.url.length)}`;
  };

  return { object, uploads, clear, readUrl };
}
