import type { Plugin } from 'vite';

/**
 * Serves every response (page, modules, the hash worker) with a strict Content-Security-Policy
 * that allows no WebAssembly ('wasm-unsafe-eval' absent), as a locked-down site would.
 */
export const STRICT_CSP =
  "default-src 'self'; script-src 'self'; worker-src 'self'; connect-src 'self' http://127.0.0.1:* http://localhost:*; style-src 'self' 'unsafe-inline'; img-src 'self' data:";

export function strictCspPlugin(): Plugin {
  return {
    name: 'strict-csp',
    configureServer(server) {
      server.middlewares.use((_req, res, next) => {
        res.setHeader('Content-Security-Policy', STRICT_CSP);
        next();
      });
    },
  };
}
