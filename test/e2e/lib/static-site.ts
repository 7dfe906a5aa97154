import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { listen, type Listening } from '../../../server/emulators/shared/listen.js';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
};

/** A built app's folder served on 127.0.0.1 (a free port): files as they are, `/` as index.html. */
export function serveFolder(folder: string): Promise<Listening> {
  return listen((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const relative = normalize(pathname === '/' ? '/index.html' : pathname);
    // Browsers ask for it by themselves; the apps have none.
    if (relative === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    if (relative.includes('..')) {
      res.writeHead(400).end();
      return;
    }
    readFile(join(folder, relative)).then(
      (body) => res.writeHead(200, { 'content-type': TYPES[extname(relative)] ?? 'application/octet-stream' }).end(body),
      () => res.writeHead(404).end('not found'),
    );
  });
}
