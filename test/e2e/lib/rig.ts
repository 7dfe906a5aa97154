import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat, utimes } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer, type Plugin, type ViteDevServer } from 'vite';
import { strictCspPlugin } from '../../../bench/lib/strict-csp.js';
import type { LoggedRequest } from '../../../server/emulators/shared/request-log.js';
import type { OpenUpload, PartAcceptCount } from '../../../server/emulators/shared/emulator.js';
import { processStorage } from '../../../server/process-storage.js';
import { startServers, type Servers } from '../../../server/start.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** A file on disk, so the browser gets a disk-backed File, and the MD5 of its bytes. */
export interface DiskFile {
  readonly path: string;
  readonly name: string;
  readonly size: number;
  readonly md5: string;
}

/**
 * One end-to-end test's world: the emulators and the signer (server/start.ts), a Vite dev server
 * for the page under test/e2e/page, and a temp directory for generated files and profiles.
 * `close()` stops and removes all of it.
 */
export interface Rig {
  readonly servers: Servers;
  readonly tmp: string;
  /** The page's URL with its settings (see test/e2e/page/e2e-page.ts). */
  pageUrl(settings: Readonly<Record<string, string | number>>): string;
  makeFile(name: string, size: number): Promise<DiskFile>;
  close(): Promise<void>;
}

export interface RigOptions {
  /** Serve the page, its modules and the hash worker with a strict CSP (no WebAssembly). */
  readonly strictCsp?: boolean;
}

export async function startRig(options: RigOptions = {}): Promise<Rig> {
  const servers = await startServers();
  // In the process's storage folder: removed with it even when a test run is interrupted.
  const tmp = await mkdtemp(join(processStorage(), 'e2e-'));
  let vite: ViteDevServer | undefined;
  try {
    vite = await startVite(options.strictCsp === true ? [strictCspPlugin()] : []);
  } catch (error) {
    await servers.stop();
    await rm(tmp, { recursive: true, force: true });
    throw error;
  }
  const address = vite.httpServer?.address();
  if (address === null || address === undefined || typeof address === 'string') throw new Error('vite did not listen');
  const origin = `http://127.0.0.1:${address.port}`;
  const started = vite;
  return {
    servers,
    tmp,
    pageUrl: (settings) => {
      const query = new URLSearchParams({ endpoint: `${servers.urls.signer}/oss`, ...stringValues(settings) });
      return `${origin}/test/e2e/page/index.html?${query.toString()}`;
    },
    makeFile: (name, size) => writeRandomFile(join(tmp, name), size),
    async close() {
      await started.close();
      await servers.stop();
      await rm(tmp, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}

function stringValues(settings: Readonly<Record<string, string | number>>): Record<string, string> {
  return Object.fromEntries(Object.entries(settings).map(([key, value]) => [key, String(value)]));
}

async function startVite(plugins: Plugin[]): Promise<ViteDevServer> {
  const server = await createServer({
    configFile: false,
    plugins,
    root,
    logLevel: 'silent',
    // Kept between runs, apart from the demo's node_modules/.vite (a different dependency list),
    // and inside the worktree rather than the temp folder, which a test run leaves as it found it.
    cacheDir: join(root, 'node_modules/.cache/vite-e2e'),
    // No HMR and no WebSocket: nothing can tell the page to reload in the middle of a test.
    server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false, ws: false, watch: null },
    // Every dependency the page and the hash worker import is pre-bundled up front and nothing
    // is discovered later: a discovery would make Vite reload the page in the middle of a test.
    optimizeDeps: {
      noDiscovery: true,
      include: [
        'lit',
        'lit/directives/repeat.js',
        'lit/directives/style-map.js',
        'idb-keyval',
        '@noble/hashes/legacy.js',
        'crc-32',
      ],
    },
    worker: { format: 'es' },
  });
  await server.listen();
  return server;
}

/** Random bytes written in 1 MiB blocks; returns the MD5 computed on the way. */
export async function writeRandomFile(path: string, size: number): Promise<DiskFile> {
  const out = createWriteStream(path);
  const md5 = createHash('md5');
  const block = 1024 * 1024;
  for (let written = 0; written < size; written += block) {
    const chunk = randomBytes(Math.min(block, size - written));
    md5.update(chunk);
    if (!out.write(chunk)) await new Promise<void>((resolveDrain) => out.once('drain', () => resolveDrain()));
  }
  await new Promise<void>((resolveEnd, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolveEnd())));
  // A whole second, so the date can be put back exactly after a rewrite (rewriteKeepingDate).
  const second = Math.floor(Date.now() / 1000) - 60;
  await utimes(path, second, second);
  return { path, name: path.split('/').pop() ?? path, size, md5: md5.digest('hex') };
}

/** New random content of the same size, with the file's modification time put back. */
export async function rewriteKeepingDate(file: DiskFile): Promise<DiskFile> {
  const before = await stat(file.path);
  const rewritten = await writeRandomFile(file.path, file.size);
  await utimes(file.path, before.atimeMs / 1000, before.mtimeMs / 1000);
  const after = await stat(file.path);
  if (after.mtimeMs !== before.mtimeMs || after.size !== before.size) throw new Error('could not keep the file date and size');
  return rewritten;
}

/** Emulator views, scoped to one test's key prefix. */
export function emulator(servers: Servers) {
  return {
    partRequests: async (prefix: string): Promise<LoggedRequest[]> =>
      (await servers.control({ cmd: 'requests', target: 'oss', op: 'UploadPart', keyPrefix: prefix })) as LoggedRequest[],
    requests: async (prefix: string): Promise<LoggedRequest[]> =>
      (await servers.control({ cmd: 'requests', target: 'oss', keyPrefix: prefix })) as LoggedRequest[],
    accepted: async (prefix: string): Promise<PartAcceptCount[]> =>
      (await servers.control({ cmd: 'accepted', target: 'oss', keyPrefix: prefix })) as PartAcceptCount[],
    uploads: async (prefix: string): Promise<OpenUpload[]> =>
      (await servers.control({ cmd: 'uploads', target: 'oss', keyPrefix: prefix })) as OpenUpload[],
    storedMd5: async (key: string): Promise<string | undefined> =>
      ((await servers.control({ cmd: 'object', target: 'oss', key })) as { md5: string } | null)?.md5,
    /** Body bytes the emulator read for part uploads under `prefix`, all attempts included. */
    partBytes: async (prefix: string): Promise<number> =>
      ((await servers.control({ cmd: 'requests', target: 'oss', op: 'UploadPart', keyPrefix: prefix })) as LoggedRequest[]).reduce(
        (sum, request) => sum + request.bytesIn,
        0,
      ),
    fault: (rule: Record<string, unknown>) => servers.control({ cmd: 'fault', target: 'oss', rule: rule as never }),
  };
}

let counter = 0;
/** A key prefix and journal name no other test uses. */
export function uniqueScope(label: string): { prefix: string; journal: string } {
  counter += 1;
  const id = `${label}-${Date.now().toString(36)}-${counter}`;
  return { prefix: `e2e/${id}/`, journal: `journal-${id}` };
}

/** Polls `check` every 50 ms until it returns a value other than undefined. */
export async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolveTick) => setTimeout(resolveTick, 50));
  }
}
