import type { DiskStore } from '../shared/disk-store.js';
import type { OpenUpload, PartAcceptCount, StoredObject } from '../shared/emulator.js';
import type { ChecksumAlgorithm, ChecksumType } from './checksums.js';

/** A checksum S3 computed and keeps (base64). */
export interface KeptChecksum {
  readonly algorithm: ChecksumAlgorithm;
  readonly value: string;
}

export interface StoredPart {
  readonly path: string;
  readonly size: number;
  readonly md5: Buffer;
  /** `"<lower-case hex MD5>"`, quotes included, as S3 sends it. */
  readonly etag: string;
  readonly lastModified: Date;
  readonly checksum?: KeptChecksum;
}

export interface Upload {
  readonly uploadId: string;
  readonly bucket: string;
  readonly key: string;
  readonly contentType: string;
  readonly initiated: Date;
  readonly parts: Map<number, StoredPart>;
  /** Named at CreateMultipartUpload; every part is then checksummed with it. */
  readonly checksum?: { readonly algorithm: ChecksumAlgorithm; readonly type: ChecksumType };
}

/** What the S3 emulator holds: open uploads, finished objects, and how often each part landed. */
export class S3State {
  readonly store: DiskStore;
  readonly uploads = new Map<string, Upload>();
  readonly objects = new Map<string, StoredObject & { readonly lastModified: Date; readonly checksum?: KeptChecksum }>();
  readonly accepts = new Map<string, PartAcceptCount>();

  constructor(store: DiskStore) {
    this.store = store;
  }

  upload(uploadId: string | null, bucket: string, key: string): Upload | undefined {
    const upload = this.uploads.get(uploadId ?? '');
    return upload !== undefined && upload.bucket === bucket && upload.key === key ? upload : undefined;
  }

  countAccept(upload: Upload, partNumber: number): void {
    const id = `${upload.uploadId}:${partNumber}`;
    const count = (this.accepts.get(id)?.count ?? 0) + 1;
    this.accepts.set(id, { uploadId: upload.uploadId, key: upload.key, partNumber, count });
  }

  async dropUpload(upload: Upload): Promise<void> {
    this.uploads.delete(upload.uploadId);
    await Promise.all([...upload.parts.values()].map((part) => this.store.remove(part.path)));
  }

  async putObject(object: StoredObject & { readonly checksum?: KeptChecksum }): Promise<void> {
    const id = `${object.bucket}/${object.key}`;
    const existing = this.objects.get(id);
    if (existing !== undefined) await this.store.remove(existing.path);
    this.objects.set(id, { ...object, lastModified: new Date() });
  }

  openUploads(): readonly OpenUpload[] {
    return [...this.uploads.values()].map((u) => ({ uploadId: u.uploadId, key: u.key, parts: [...u.parts.keys()].sort((a, b) => a - b) }));
  }

  async clear(): Promise<void> {
    this.accepts.clear();
    for (const upload of [...this.uploads.values()]) await this.dropUpload(upload);
    for (const object of this.objects.values()) await this.store.remove(object.path);
    this.objects.clear();
  }
}
