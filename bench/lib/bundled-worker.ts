import path from 'node:path';
import { build, type Plugin, type Rolldown } from 'vite';

const WORKER_PATH = '/src/hash/hash-worker.ts';

/**
 * Serves the hash worker as one minified script, as the built package ships it. A dev server
 * serves it as a module graph of about ten files fetched one after another, which at startup
 * cost the first hashed file 120 ms here that no user pays. The page's own modules are loaded
 * before any measurement starts; the worker is the one module graph loaded during a run.
 */
export async function bundledHashWorker(root: string): Promise<Plugin> {
  const code = await bundle(root);
  return {
    name: 'bench-bundled-hash-worker',
    configureServer(server) {
      server.middlewares.use((request, response, next) => {
        if (new URL(request.url ?? '/', 'http://bench').pathname !== WORKER_PATH) return next();
        response.setHeader('Content-Type', 'text/javascript');
        response.setHeader('Cache-Control', 'no-store');
        response.end(code);
      });
    },
  };
}

async function bundle(root: string): Promise<string> {
  const output = await build({
    configFile: false,
    root,
    logLevel: 'silent',
    resolve: { conditions: ['module', 'browser', 'production'] },
    build: {
      write: false,
      minify: true,
      lib: { entry: path.join(root, WORKER_PATH), formats: ['es'], fileName: 'hash-worker' },
    },
  });
  const results = (Array.isArray(output) ? output : [output]) as Rolldown.RolldownOutput[];
  const chunk = results.flatMap((result) => result.output).find((item) => item.type === 'chunk');
  if (chunk === undefined || chunk.type !== 'chunk') throw new Error('the hash worker bundle has no chunk');
  return chunk.code;
}
