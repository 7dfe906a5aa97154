import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin, type UserConfig } from 'vite';
import { keepRequestedByEnv } from './server/process-storage.js';
import type { Servers, startServers } from './server/start.js';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

/**
 * `npm start`: the demo playground. Every emulator and the reference signer run inside the Vite
 * process (server/start.ts), mounted under /api: the signer API at /api/<provider>/<op>, the
 * control commands at /api/__control. They stop when Vite closes, and their stored objects go
 * with the process unless `npm start -- --keep` (scripts/playground.mjs) or
 * CHUNK_UPLOADER_KEEP=1 keeps them.
 */
function playgroundServers(): Plugin {
  return {
    name: 'chunk-uploader-playground-servers',
    apply: 'serve',
    async configureServer(server) {
      const keepStorage = keepRequestedByEnv();
      // Loaded through Vite rather than bundled into this config, so that server/start.ts can
      // import each target module of server/targets/ by its file name.
      const start = (await server.ssrLoadModule(here('./server/start.ts'))) as { readonly startServers: typeof startServers };
      const servers: Servers = await start.startServers({ keepStorage });
      // Vite closes its HTTP server on exit, on SIGTERM and on restart.
      server.httpServer?.once('close', () => void servers.stop());
      // Not mounted with use('/api', …): connect would also route /api.ts and the like here.
      server.middlewares.use((req, res, next) => {
        const { pathname } = new URL(req.url ?? '/', 'http://localhost');
        if (!pathname.startsWith('/api/')) {
          next();
          return;
        }
        servers.middleware(req, res, pathname.slice('/api'.length)).catch(next);
      });
      server.config.logger.info(`  chunk-uploader: emulators ${JSON.stringify(servers.urls)}`, { timestamp: true });
      server.config.logger.info(
        keepStorage
          ? `  chunk-uploader: objects are stored in ${servers.storage} and kept after exit (remove it yourself)`
          : `  chunk-uploader: objects are stored in ${servers.storage}, removed on exit (keep them: npm start -- --keep, or CHUNK_UPLOADER_KEEP=1)`,
        { timestamp: true },
      );
    },
  };
}

const dev: UserConfig = {
  root: here('./demo'),
  server: { host: '127.0.0.1', port: 5173, strictPort: false },
  plugins: [playgroundServers()],
  // The hash worker's CommonJS dependencies are not seen by the dependency scan (it does not
  // follow `new Worker(new URL(...))`); listing them avoids a reload on the first upload.
  optimizeDeps: { include: ['spark-md5', 'crc-32'] },
  worker: { format: 'es' },
};

/**
 * `vite build`: the library. Two ES entries, everything bundled (lit included), so the files
 * work from a plain `<script type="module">` with no import map; the hash worker becomes its
 * own self-contained file next to them, found at runtime through import.meta.url.
 */
const library: UserConfig = {
  // Relative, so the worker URL resolves next to the chunk wherever dist/ is served from.
  base: './',
  build: {
    outDir: here('./dist'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    lib: {
      entry: { index: here('./src/index.ts'), 'chunk-uploader': here('./src/chunk-uploader.ts') },
      formats: ['es'],
    },
  },
  worker: { format: 'es' },
};

export default defineConfig(({ command }) => (command === 'serve' ? dev : library));
