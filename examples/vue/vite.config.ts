import vue from '@vitejs/plugin-vue';
import { isCustomElement } from 'chunk-uploader/vue';
import { defineConfig } from 'vite';

export default defineConfig({
  // Tells Vue's template compiler that <chunk-uploader> is the browser's, not a Vue component.
  plugins: [vue({ template: { compilerOptions: { isCustomElement } } })],
  server: { host: '127.0.0.1' },
});
