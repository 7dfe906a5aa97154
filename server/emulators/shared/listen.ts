import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export interface Listening {
  readonly server: Server;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/**
 * A loopback HTTP server on a free port. `close()` destroys open sockets too, so a stalled
 * request held by a fault cannot keep the process alive.
 */
export async function listen(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  port = 0,
): Promise<Listening> {
  const sockets = new Set<Socket>();
  const server = createServer(handler);
  // A client that leaves mid-body (a test's reset, stall or cancel) makes the request emit
  // 'error'; unheard, that would crash the whole test process. Handlers see it as a short body.
  server.on('request', (req: IncomingMessage) => req.on('error', () => undefined));
  // Idle connections are kept for over a minute, as storage services do: with Node's 5 s, a
  // client that reuses a pooled connection just as the server drops it (the AWS SDK, between
  // two tests on a loaded machine) gets ECONNRESET on a request that never reached us.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 0;
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('listen: no TCP address');
  return {
    server,
    url: `http://127.0.0.1:${address.port}`,
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
