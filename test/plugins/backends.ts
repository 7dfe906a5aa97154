import type { TestRunnerPlugin } from '@web/test-runner';
import { startAuthBackend, type AuthBackend } from '../../server/auth-backend.js';
import type { BackendCommand, BackendUrls } from '../../server/backend-commands.js';
import { createS3Emulator, type S3Emulator } from '../../server/emulators/s3.js';
import { startExampleApp, type ExampleApp } from '../../server/example-apps.js';

/**
 * Backends on origins of their own, each mounting chunk-uploader/server against one S3
 * emulator: examples/server-express and examples/server-hono (their own processes, as users
 * run them) and the authenticating backend of server/auth-backend.ts. They allow the test
 * page's origin only.
 *
 * One set per browser engine, started on its first command (as test/plugins/servers.ts): the
 * engines run at the same time, and the auth backend's state (requests seen, token uses) must
 * belong to one engine's tests.
 */
interface Backends {
  readonly emulator: S3Emulator;
  readonly apps: readonly ExampleApp[];
  readonly auth: AuthBackend;
  readonly urls: BackendUrls;
}

async function startBackends(page: string): Promise<Backends> {
  const emulator = await createS3Emulator();
  const s3 = emulator.url;
  const [express, hono] = await Promise.all([
    startExampleApp('server-express', { s3Endpoint: s3, allowedOrigins: [page] }),
    startExampleApp('server-hono', { s3Endpoint: s3, allowedOrigins: [page] }),
  ]);
  const auth = await startAuthBackend(s3, page);
  const urls: BackendUrls = {
    express: express.signerUrl,
    expressOrigin: express.origin,
    hono: hono.signerUrl,
    honoOrigin: hono.origin,
    auth: auth.signerUrl,
    authOrigin: auth.origin,
  };
  return { emulator, apps: [express, hono], auth, urls };
}

/** `engines`: the browser names (launcher names) to start backends for up front, as the first
 * command could otherwise wait longer than the runner's 20 s command timeout on a busy machine. */
export function backendsPlugin(engines: readonly string[] = []): TestRunnerPlugin {
  let page: string | undefined;
  const perEngine = new Map<string, Promise<Backends>>();
  const backendsFor = (engine: string): Promise<Backends> => {
    if (page === undefined) throw new Error('backends are not running');
    let started = perEngine.get(engine);
    if (started === undefined) {
      started = startBackends(page);
      perEngine.set(engine, started);
    }
    return started;
  };
  return {
    name: 'chunk-uploader-backends',
    async serverStart({ config }) {
      page = `http://${config.hostname ?? 'localhost'}:${config.port ?? 8000}`;
      await Promise.all(engines.map((engine) => backendsFor(engine)));
    },
    async serverStop() {
      const all = [...perEngine.values()];
      perEngine.clear();
      await Promise.all(
        all.map(async (started) => {
          const { apps, auth, emulator } = await started;
          await Promise.all([...apps.map((app) => app.stop()), auth.close(), emulator.close()]);
        }),
      );
    },
    async executeCommand({ command, payload, session }) {
      if (command !== 'backends') return undefined;
      const { urls, auth, emulator } = await backendsFor(session.browser.name);
      const request = payload as BackendCommand;
      // Wrapped: the runner reads a null or undefined result as "command not handled".
      switch (request.cmd) {
        case 'urls':
          return { value: urls };
        case 'object': {
          const object = emulator.object(request.key);
          return { value: object === undefined ? null : { size: object.size, md5: object.md5 } };
        }
        case 'auth-seen':
          return { value: auth.seen() };
        case 'auth-token-uses':
          auth.setTokenUses(request.uses ?? undefined);
          return { value: true };
        case 'auth-reset':
          auth.reset();
          return { value: true };
        default:
          throw new Error(`unknown backends command ${JSON.stringify(request)}`);
      }
    },
  };
}
