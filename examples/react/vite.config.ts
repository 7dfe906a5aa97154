import { defineConfig } from 'vite';

// No React plugin is needed to build: Vite compiles TSX itself (the automatic JSX runtime).
// Add @vitejs/plugin-react for Fast Refresh while developing.
export default defineConfig({
  oxc: { jsx: { runtime: 'automatic' } },
  server: { host: '127.0.0.1' },
});
