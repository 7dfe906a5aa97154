import type { Emulator } from './shared/emulator.js';
import { FaultSet } from './shared/faults.js';
import { drain } from './shared/disk-store.js';
import { listen } from './shared/listen.js';
import { RequestLog } from './shared/request-log.js';

/**
 * A loopback server that only counts what reaches it: the "hostile" upload host of the Qiniu
 * host tests. Every request, preflights included, is logged; the op records whether it carried
 * an Authorization header, so a test can tell that no token ever went there.
 */
export async function createCountingServer(name: string): Promise<Emulator> {
  const log = new RequestLog();
  const listening = await listen((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const entry = log.start({
      op: req.headers.authorization === undefined ? 'anonymous' : 'with-authorization',
      method: req.method ?? 'GET',
      path: url.pathname,
      key: undefined,
      fault: undefined,
      host: req.headers.host ?? '',
    });
    void drain(req, entry)
      .catch(() => undefined)
      .then(() => {
        entry.status = 200;
        res.writeHead(200, { 'Access-Control-Allow-Origin': req.headers.origin ?? '*', 'Content-Type': 'application/json' }).end('{}');
      });
  });
  return {
    name,
    url: listening.url,
    faults: new FaultSet(),
    log,
    object: () => undefined,
    uploads: () => [],
    accepted: () => [],
    configure: () => undefined,
    async reset() {
      log.clear();
    },
    close: () => listening.close(),
  };
}
