import { readdir } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { runControl, type ControlCommand, type ControlTargets } from './control.js';
import type { EmulatorHandle } from './emulators/shared/emulator.js';
import { listen } from './emulators/shared/listen.js';
import type { S3Config, Signer } from '../src/server/index.js';
import { readSmallBody } from './emulators/shared/disk-store.js';
import { processStorage } from './process-storage.js';
import { failed, signerRoutes } from './signer/index.js';
import type { ServerTarget, StartedTarget, TargetOptions } from './targets/target.js';

/**
 * Starts every emulator and the reference signer on 127.0.0.1, each on a free port. The demo
 * (vite.config.ts), the browser tests (test/plugins/servers.ts), the end-to-end tests and the
 * benches all start servers through here and nothing else. Each storage target is one module
 * in server/targets/, exporting `serverTarget`; every module there is started.
 */
export interface StartOptions {
  /** Lifetime of presigned URLs and tokens the signer issues. Default 900 s. */
  readonly ttlSeconds?: number;
  /** Fixed ports (the demo): `signer` and any emulator name; free ports when absent. */
  readonly ports?: Readonly<Record<string, number | undefined>>;
  /**
   * Where the `s3` signer route points: our S3 emulator by default, or a real bucket
   * (`s3SignerOptionsFromEnv(process.env)`, README "Provider: s3").
   */
  readonly s3?: S3Config;
  /** Targets to start besides those of server/targets/ (a test's own target). */
  readonly extraTargets?: readonly ServerTarget[];
  /**
   * Keep the stored objects after the process ends (the playground's `--keep`). Default: the
   * CHUNK_UPLOADER_KEEP environment variable; otherwise they are removed on stop, on exit, on
   * SIGINT/SIGTERM, and swept at the next start after a SIGKILL (server/process-storage.ts).
   */
  readonly keepStorage?: boolean;
}

export interface Servers extends ControlTargets {
  /** `signer`, then each target's: `oss`, `qiniu`, `qiniuAlt`, `qiniuHostile`, `s3`, `s3rver`, `qingstor`, … */
  readonly urls: Readonly<Record<string, string>>;
  /** The folder holding every store of this process: `<temp>/chunk-uploader-<pid>`. */
  readonly storage: string;
  /** Answers `POST /<provider>/<op>` (signer API) and `POST /__control` (control commands). */
  readonly middleware: (req: IncomingMessage, res: ServerResponse, pathname: string) => Promise<void>;
  control(command: ControlCommand): Promise<unknown>;
  stop(): Promise<void>;
}

const TARGET_DIR = new URL('./targets/', import.meta.url);

function isServerTarget(value: unknown): value is ServerTarget {
  return typeof value === 'object' && value !== null && typeof (value as ServerTarget).name === 'string' && typeof (value as ServerTarget).start === 'function';
}

/** Every module of server/targets/ but the shared types: each is one target's Node side. */
export async function builtInServerTargets(): Promise<readonly ServerTarget[]> {
  const files = (await readdir(TARGET_DIR)).filter((file) => /\.[jt]s$/.test(file) && !/^target\.[jt]s$/.test(file)).sort();
  return Promise.all(
    files.map(async (file) => {
      const module: { readonly serverTarget?: unknown } = await import(/* @vite-ignore */ new URL(file, TARGET_DIR).href);
      if (!isServerTarget(module.serverTarget)) throw new Error(`server/targets/${file} exports no serverTarget`);
      return module.serverTarget;
    }),
  );
}

export async function startServers(options: StartOptions = {}): Promise<Servers> {
  const storage = processStorage(options.keepStorage === undefined ? {} : { keep: options.keepStorage });
  const targetOptions: TargetOptions = {
    ttlSeconds: options.ttlSeconds ?? 900,
    ports: options.ports ?? {},
    ...(options.s3 === undefined ? {} : { s3: options.s3 }),
  };
  const serverTargets = [...(await builtInServerTargets()), ...(options.extraTargets ?? [])];
  const started = await Promise.all(serverTargets.map((target) => target.start(targetOptions)));
  const merge = <T>(pick: (target: StartedTarget) => Readonly<Record<string, T>>): Record<string, T> =>
    Object.assign({}, ...started.map(pick)) as Record<string, T>;
  const emulators: Record<string, EmulatorHandle> = merge((t) => t.emulators);
  const providers: Record<string, Pick<Signer, 'handle'>> = merge((t) => t.providers);
  const serveSigner = signerRoutes(providers);
  const targets = { urls: {} as Record<string, string>, emulators, signers: merge((t) => t.signers) };

  const middleware = async (req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> => {
    if (pathname === '/__control') {
      await serveControl(targets, req, res);
      return;
    }
    await serveSigner(req, res, pathname);
  };
  const signerServer = await listen((req, res) => {
    middleware(req, res, new URL(req.url ?? '/', 'http://x').pathname).catch(() => failed(res));
  }, options.ports?.signer ?? 0);
  targets.urls = { signer: signerServer.url, ...merge((t) => t.urls) };

  return {
    ...targets,
    storage,
    middleware,
    control: (command) => runControl(targets, command),
    async stop() {
      await signerServer.close();
      await Promise.all([...Object.values(emulators).map((e) => e.close()), ...started.map((t) => t.stop())]);
    },
  };
}

async function serveControl(targets: ControlTargets, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const origin = req.headers.origin;
  if (origin !== undefined) res.setHeader('Access-Control-Allow-Origin', origin);
  if (req.method === 'OPTIONS') {
    res.setHeader('Access-Control-Allow-Methods', 'POST');
    res.setHeader('Access-Control-Allow-Headers', 'content-type');
    res.writeHead(204).end();
    return;
  }
  const send = (status: number, body: unknown): void => {
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(JSON.stringify(body));
  };
  try {
    const command = JSON.parse((await readSmallBody(req, 1024 * 1024)).toString('utf8')) as ControlCommand;
    send(200, await runControl(targets, command));
  } catch (error) {
    send(400, { code: 'ControlError', message: error instanceof Error ? error.message : String(error) });
  }
}
