import { createServer, type Plugin, type ViteDevServer } from 'vite';

/**
 * A Vite dev server on loopback serving the repository, for bench pages. It resolves packages'
 * `production` builds: Lit's development build (Vite's default in a dev server) checks and logs
 * on every render, which the element's users do not pay and the bench must not measure.
 */
export async function benchVite(root: string, plugins: Plugin[] = []): Promise<ViteDevServer> {
  const server = await createServer({
    configFile: false,
    root,
    logLevel: 'silent',
    resolve: { conditions: ['module', 'browser', 'production'] },
    server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false },
    optimizeDeps: { include: ['spark-md5', 'crc-32', 'idb-keyval', 'hash-wasm', '@noble/hashes/legacy.js', 'tus-js-client', '@uppy/core', '@uppy/aws-s3'] },
    plugins,
  });
  await server.listen();
  return server;
}

export function urlOf(server: ViteDevServer, path: string): string {
  const address = server.httpServer?.address();
  if (address === null || address === undefined || typeof address === 'string') throw new Error('vite did not listen');
  return `http://127.0.0.1:${address.port}${path}`;
}
