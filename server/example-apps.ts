import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { S3_DEFAULTS } from './emulators/s3.js';

/**
 * Runs one of examples/server-* as its own process, the way a user runs it, against an S3
 * emulator. In the repository `chunk-uploader/server` resolves to src/server through the
 * package's `chunk-uploader:source` export condition (no build needed); from an installed
 * tarball (`cwd`), to dist/server.
 */
export interface ExampleApp {
  /** Where the signer is mounted: `http://localhost:<port>/api/upload`. */
  readonly signerUrl: string;
  /** The app's origin: `http://localhost:<port>`. */
  readonly origin: string;
  stop(): Promise<void>;
}

export interface ExampleOptions {
  readonly s3Endpoint: string;
  readonly allowedOrigins: readonly string[];
  /** The example's directory (an installed copy); default the repository's. */
  readonly cwd?: string;
  /** Run from source (`chunk-uploader:source` + tsx): only inside the repository. */
  readonly fromSource?: boolean;
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export function startExampleApp(name: 'server-express' | 'server-hono', options: ExampleOptions): Promise<ExampleApp> {
  const cwd = options.cwd ?? `${ROOT}examples/${name}`;
  const fromSource = options.fromSource ?? options.cwd === undefined;
  const args = [...(fromSource ? ['--conditions=chunk-uploader:source', '--import', 'tsx'] : []), 'server.mjs'];
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH ?? '',
      PORT: '0',
      S3_ENDPOINT: options.s3Endpoint,
      S3_REGION: S3_DEFAULTS.region,
      S3_BUCKET: S3_DEFAULTS.bucket,
      AWS_ACCESS_KEY_ID: S3_DEFAULTS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: S3_DEFAULTS.secretAccessKey,
      UPLOAD_SESSION_SECRET: 'example-session-secret-of-at-least-32-bytes',
      ALLOWED_ORIGINS: options.allowedOrigins.join(','),
      NODE_NO_WARNINGS: '1',
    },
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  let output = '';
  return new Promise<ExampleApp>((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${name} did not start within 60 s:\n${output}`));
    }, 60_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const port = /listening on http:\/\/127\.0\.0\.1:(\d+)\//.exec(output)?.[1];
      if (port === undefined) return;
      clearTimeout(timer);
      // localhost, not 127.0.0.1: the same site as a test page on localhost, so its cookies go along.
      const origin = `http://localhost:${port}`;
      resolve({ signerUrl: `${origin}/api/upload`, origin, stop });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${String(code)} before listening:\n${output}`));
    });
  });
}
