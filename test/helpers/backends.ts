import { executeServerCommand } from '@web/test-runner-commands';
import type { BackendCommand, BackendUrls, SeenRequest } from '../../server/backend-commands.js';

/** Talks to the backends of test/plugins/backends.ts. */
export async function backends<T>(command: BackendCommand): Promise<T> {
  return ((await executeServerCommand('backends', command)) as { value: T }).value;
}

let cachedUrls: Promise<BackendUrls> | undefined;
export function backendUrls(): Promise<BackendUrls> {
  cachedUrls ??= backends<BackendUrls>({ cmd: 'urls' });
  return cachedUrls;
}

export function backendObject(key: string): Promise<{ size: number; md5: string } | null> {
  return backends({ cmd: 'object', key });
}

export function authSeen(): Promise<readonly SeenRequest[]> {
  return backends({ cmd: 'auth-seen' });
}

/** Every value of every object store of an IndexedDB database, as one JSON text. */
export async function databaseText(name: string): Promise<string> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(name);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error(`cannot open ${name}`));
  });
  const stores = [...db.objectStoreNames];
  const values = await Promise.all(
    stores.map(
      (store) =>
        new Promise<unknown[]>((resolve, reject) => {
          const request = db.transaction(store).objectStore(store).getAll();
          request.onsuccess = () => resolve(request.result as unknown[]);
          request.onerror = () => reject(request.error ?? new Error(`cannot read ${store}`));
        }),
    ),
  );
  db.close();
  return JSON.stringify(values);
}
