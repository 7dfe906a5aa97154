import { fileURLToPath } from 'node:url';
import { minifyCssTemplates } from './scripts/minify-css-templates.mjs';
import { defineConfig, type Plugin } from 'vite';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

/** The hash worker inlined and started from a Blob URL (src/hash/spawn-worker-inline.ts). */
function inlineHashWorker(): Plugin {
  const spawner = here('./src/hash/spawn-worker.ts');
  return {
    name: 'chunk-uploader-inline-hash-worker',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      return resolved?.id === spawner ? here('./src/hash/spawn-worker-inline.ts') : null;
    },
  };
}

/**
 * `vite build --config vite.cdn.config.ts`: dist/cdn/chunk-uploader.min.js, one self-contained
 * minified file (Lit, every built-in target and the hash worker inside) for a
 * `<script type="module" src>` from a CDN, on a page with no bundler and no import map.
 */
export default defineConfig({
  plugins: [inlineHashWorker(), minifyCssTemplates()],
  build: {
    outDir: here('./dist/cdn'),
    emptyOutDir: true,
    target: 'es2022',
    minify: 'oxc',
    lib: { entry: { 'chunk-uploader.min': here('./src/chunk-uploader.ts') }, formats: ['es'] },
    // Library mode keeps whitespace in ES output; this file is for browsers only: minify fully.
    rollupOptions: { output: { codeSplitting: false, minify: true } },
  },
  worker: { format: 'es', rolldownOptions: { output: { minify: true } } },
});
