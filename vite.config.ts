import { fileURLToPath } from 'node:url';
import { minifyCssTemplates } from './scripts/minify-css-templates.mjs';
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
      // Plain lines, no timestamps: the playground's URL follows them (scripts/playground.mjs).
      const emulators = Object.entries(servers.urls).map(([name, url]) => `${name} ${url}`);
      server.config.logger.info(`  chunk-uploader: signer and emulators (loopback): ${emulators.join(', ')}`);
      server.config.logger.info(`  chunk-uploader: the signer API is also at <playground>/api/<provider>/<op>`);
      server.config.logger.info(
        keepStorage
          ? `  chunk-uploader: objects are stored in ${servers.storage} and kept after exit (remove it yourself)`
          : `  chunk-uploader: objects are stored in ${servers.storage}, removed on exit (keep them: npm start -- --keep)`,
      );
    },
  };
}

const dev: UserConfig = {
  root: here('./demo'),
  server: { host: '127.0.0.1', port: 5173, strictPort: false },
  plugins: [playgroundServers()],
  // The hash worker's dependencies are not seen by the dependency scan (it does not follow
  // `new Worker(new URL(...))`); listing them avoids, on a fresh clone, a reload on the first
  // upload and the optimizer's lines after the playground's URL.
  optimizeDeps: { include: ['crc-32', '@noble/hashes/legacy.js'] },
  worker: { format: 'es' },
};

/** The npm build's entries: `dist/<name>.js` from `src/<name>.ts`, each an `exports` subpath. */
const PROVIDERS = ['oss', 'qiniu', 's3', 'cos-v4', 'qingstor', 'azure', 'qiniu-v2'] as const;
const ENTRIES: Record<string, string> = {
  index: here('./src/index.ts'),
  'chunk-uploader': here('./src/chunk-uploader.ts'),
  element: here('./src/element.ts'),
  react: here('./src/react.ts'),
  vue: here('./src/vue.ts'),
  ...Object.fromEntries(PROVIDERS.map((name) => [`providers/${name}`, here(`./src/providers/${name}.ts`)])),
};

/**
 * Left to the app's bundler: one Lit for the page (a Lit app would otherwise get two), and the
 * frameworks the wrappers adapt to. The small rest (hashes, idb-keyval) is bundled.
 */
const EXTERNAL = [/^lit(\/|$)/, /^@lit\//, /^react(\/|$)/, /^vue$/];

/**
 * `vite build`: the library, minified ES modules sharing chunks, for bundlers and import maps.
 * The hash worker becomes its own self-contained file next to them, found at runtime through
 * import.meta.url. `vite build --config vite.cdn.config.ts` makes the one-file CDN build.
 */
const library: UserConfig = {
  // Relative, so the worker URL resolves next to the chunk wherever dist/ is served from.
  base: './',
  plugins: [minifyCssTemplates()],
  build: {
    outDir: here('./dist'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    minify: 'oxc',
    lib: { entry: ENTRIES, formats: ['es'] },
    // Library mode keeps whitespace in ES output for bundlers; minified fully, the files keep
    // their /* @__PURE__ */ marks all the same.
    rollupOptions: { external: EXTERNAL, output: { chunkFileNames: 'chunks/[name]-[hash].js', minify: true } },
  },
  // The worker is bundled apart, and not minified by build.minify in library mode.
  worker: { format: 'es', rolldownOptions: { output: { minify: true } } },
};

export default defineConfig(({ command }) => (command === 'serve' ? dev : library));
