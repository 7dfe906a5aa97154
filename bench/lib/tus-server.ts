import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Readable } from 'node:stream';
import { DataStore, ERRORS, Server, Upload } from '@tus/server';
import type { BenchServer } from './bench-server.js';

/**
 * A @tus/server DataStore that keeps each upload's length and offset and drops the bytes, so a
 * tus-js-client run measures the client and tus's protocol, not a disk. Offsets are real: a
 * PATCH at the wrong offset is refused by @tus/server (409), and HEAD answers what was written.
 */
class DiscardStore extends DataStore {
  readonly uploads = new Map<string, Upload>();

  constructor() {
    super();
    // No 'concatenation' (@tus/server 2 has none), so tus-js-client's parallelUploads cannot be used.
    this.extensions = ['creation', 'creation-with-upload', 'termination'];
  }

  override create(upload: Upload): Promise<Upload> {
    this.uploads.set(upload.id, new Upload({ id: upload.id, size: upload.size, offset: 0, metadata: upload.metadata, creation_date: new Date().toISOString() }));
    return Promise.resolve(upload);
  }

  override async write(stream: Readable, id: string, offset: number): Promise<number> {
    const upload = this.#found(id);
    let written = 0;
    for await (const chunk of stream) written += (chunk as Buffer).length;
    upload.offset = offset + written;
    return upload.offset;
  }

  override getUpload(id: string): Promise<Upload> {
    const upload = this.#found(id);
    return Promise.resolve(new Upload({ id, size: upload.size, offset: upload.offset, metadata: upload.metadata, creation_date: upload.creation_date }));
  }

  override remove(id: string): Promise<void> {
    this.uploads.delete(id);
    return Promise.resolve();
  }

  #found(id: string): Upload {
    const upload = this.uploads.get(id);
    if (upload === undefined) throw ERRORS.FILE_NOT_FOUND;
    return upload;
  }
}

export interface TusServer extends BenchServer {
  /** The creation endpoint, `http://127.0.0.1:<port>/files/`. */
  readonly endpoint: string;
}

/** @tus/server on loopback over a DiscardStore, any origin allowed (its default CORS answer is `*`). */
export async function startTusServer(): Promise<TusServer> {
  const store = new DiscardStore();
  const tus = new Server({ path: '/files', datastore: store });
  let requests = 0;
  const http = createServer((req, res) => {
    if (req.method !== 'OPTIONS') requests += 1;
    tus.handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(http.address() as AddressInfo).port}/files/`,
    requests: () => requests,
    received: () => {
      const finished = [...store.uploads.values()].filter((upload) => upload.size !== undefined && upload.offset === upload.size);
      return Promise.resolve({ objects: finished.length, bytes: finished.reduce((sum, upload) => sum + upload.offset, 0) });
    },
    reset: () => {
      requests = 0;
      store.uploads.clear();
      return Promise.resolve();
    },
    close: () =>
      new Promise<void>((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
}
