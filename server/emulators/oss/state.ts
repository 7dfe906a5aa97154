import type { DiskStore } from '../shared/disk-store.js';
import type { OpenUpload, PartAcceptCount, StoredObject } from '../shared/emulator.js';

export interface OssStoredPart {
  readonly path: string;
  readonly size: number;
  readonly md5: Buffer;
  /** `"<UPPER-CASE hex MD5>"`, quotes included, as OSS sends it. */
  readonly etag: string;
  readonly lastModified: Date;
}

export interface OssUpload {
  readonly uploadId: string;
  readonly bucket: string;
  readonly key: string;
  readonly contentType: string;
  readonly parts: Map<number, OssStoredPart>;
}

/** What the OSS emulator holds: open uploads, finished objects, and how often each part landed. */
export class OssState {
  readonly store: DiskStore;
  readonly uploads = new Map<string, OssUpload>();
  readonly objects = new Map<string, StoredObject>();
  readonly accepts = new Map<string, PartAcceptCount>();

  constructor(store: DiskStore) {
    this.store = store;
  }

  upload(uploadId: string | null, bucket: string, key: string): OssUpload | undefined {
    const upload = this.uploads.get(uploadId ?? '');
    return upload !== undefined && upload.bucket === bucket && upload.key === key ? upload : undefined;
  }

  countAccept(upload: OssUpload, partNumber: number): void {
    const id = `${upload.uploadId}:${partNumber}`;
    const count = (this.accepts.get(id)?.count ?? 0) + 1;
    this.accepts.set(id, { uploadId: upload.uploadId, key: upload.key, partNumber, count });
  }

  async dropUpload(upload: OssUpload): Promise<void> {
    this.uploads.delete(upload.uploadId);
    await Promise.all([...upload.parts.values()].map((part) => this.store.remove(part.path)));
  }

  async putObject(object: StoredObject): Promise<void> {
    const id = `${object.bucket}/${object.key}`;
    const existing = this.objects.get(id);
    if (existing !== undefined) await this.store.remove(existing.path);
    this.objects.set(id, object);
  }

  async deleteObject(bucket: string, key: string): Promise<void> {
    const existing = this.objects.get(`${bucket}/${key}`);
    if (existing !== undefined) await this.store.remove(existing.path);
    this.objects.delete(`${bucket}/${key}`);
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
