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
 */
export function backendsPlugin(): TestRunnerPlugin {
  let emulator: S3Emulator | undefined;
  let apps: ExampleApp[] = [];
  let auth: AuthBackend | undefined;
  let urls: BackendUrls | undefined;
  return {
    name: 'chunk-uploader-backends',
    async serverStart({ config }) {
      const page = `http://${config.hostname ?? 'localhost'}:${config.port ?? 8000}`;
      emulator = await createS3Emulator();
      const s3 = emulator.url;
      const [express, hono] = await Promise.all([
        startExampleApp('server-express', { s3Endpoint: s3, allowedOrigins: [page] }),
        startExampleApp('server-hono', { s3Endpoint: s3, allowedOrigins: [page] }),
      ]);
      apps = [express, hono];
      auth = await startAuthBackend(s3, page);
      urls = {
        express: express.signerUrl,
        expressOrigin: express.origin,
        hono: hono.signerUrl,
        honoOrigin: hono.origin,
        auth: auth.signerUrl,
        authOrigin: auth.origin,
      };
    },
    async serverStop() {
      await Promise.all([...apps.map((app) => app.stop()), auth?.close(), emulator?.close()]);
    },
    executeCommand({ command, payload }) {
      if (command !== 'backends') return undefined;
      if (urls === undefined || auth === undefined || emulator === undefined) throw new Error('backends are not running');
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
