import type { IncomingMessage, ServerResponse } from 'node:http';
import { runControl, type ControlCommand, type ControlTargets } from './control.js';
import { createOssEmulator, OSS_DEFAULTS, type OssEmulator } from './emulators/oss.js';
import { createQingStorEmulator, QINGSTOR_DEFAULTS, type QingStorEmulator } from './emulators/qingstor.js';
import type { Emulator } from './emulators/shared/emulator.js';
import { listen } from './emulators/shared/listen.js';
import { readJson, sendJson } from './signer/http.js';
import { serve as serveSigner } from './signer/index.js';
import { createOssSigner } from './signer/oss.js';
import { createQingStorSigner } from './signer/qingstor.js';
import type { ProviderSigner } from './signer/provider-signer.js';

/**
 * Starts every emulator and the reference signer on 127.0.0.1, each on a free port. The demo
 * (vite.config.ts), the browser tests (test/plugins/servers.ts), the end-to-end tests and the
 * benches all start servers through here and nothing else.
 */
export interface StartOptions {
  /** Lifetime of presigned URLs and tokens the signer issues. Default 900 s. */
  readonly ttlSeconds?: number;
  /** Fixed ports (the demo); free ports when absent. */
  readonly ports?: Partial<Record<'signer' | 'oss' | 'qingstor', number>>;
}

export interface Servers extends ControlTargets {
  readonly urls: Readonly<{ signer: string; oss: string; qingstor: string }>;
  readonly emulators: Readonly<{ oss: OssEmulator; qingstor: QingStorEmulator }>;
  /** Answers `POST /<provider>/<op>` (signer API) and `POST /__control` (control commands). */
  readonly middleware: (req: IncomingMessage, res: ServerResponse, pathname: string) => Promise<void>;
  control(command: ControlCommand): Promise<unknown>;
  stop(): Promise<void>;
}

interface SignerSettings extends ProviderSigner {
  ttlSeconds: number;
}

export async function startServers(options: StartOptions = {}): Promise<Servers> {
  const ttlSeconds = options.ttlSeconds ?? 900;
  const oss = await createOssEmulator({ port: options.ports?.oss ?? 0 });
  const ossSigner: SignerSettings = createOssSigner({
    // The SDK refuses IP endpoints for presigning; localhost reaches the same loopback server.
    endpoint: oss.url.replace('127.0.0.1', 'localhost'),
    bucket: OSS_DEFAULTS.bucket,
    accessKeyId: OSS_DEFAULTS.accessKeyId,
    accessKeySecret: OSS_DEFAULTS.accessKeySecret,
    ttlSeconds,
    publicUrl: oss.url,
  });
  const qingstor = await createQingStorEmulator({ port: options.ports?.qingstor ?? 0 });
  const qingstorSigner: SignerSettings = createQingStorSigner({
    // Path-style on loopback: no zone, the emulator's host and port are the endpoint.
    endpoint: qingstor.url,
    bucket: QINGSTOR_DEFAULTS.bucket,
    accessKeyId: QINGSTOR_DEFAULTS.accessKeyId,
    secretAccessKey: QINGSTOR_DEFAULTS.secretAccessKey,
    ttlSeconds,
    publicUrl: qingstor.url,
  });
  const providers: Record<string, ProviderSigner> = { oss: ossSigner, qingstor: qingstorSigner };
  const signers = { oss: ttlSetting(ossSigner), qingstor: ttlSetting(qingstorSigner) };
  const emulators = { oss, qingstor };

  const targets: { urls: Record<string, string>; emulators: Record<string, Emulator>; signers: ControlTargets['signers'] } = {
    urls: {},
    emulators,
    signers,
  };
  const middleware = async (req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> => {
    if (pathname === '/__control') {
      await serveControl(targets, req, res);
      return;
    }
    await serveSigner(providers, req, res, pathname);
  };
  const signerServer = await listen((req, res) => {
    void middleware(req, res, new URL(req.url ?? '/', 'http://x').pathname);
  }, options.ports?.signer ?? 0);
  const urls = { signer: signerServer.url, oss: oss.url, qingstor: qingstor.url };
  targets.urls = urls;

  return {
    urls,
    emulators,
    signers,
    middleware,
    control: (command) => runControl(targets, command),
    async stop() {
      await signerServer.close();
      await Promise.all(Object.values(emulators).map((e) => e.close()));
    },
  };
}

/** The `signer:<provider>` control target: the lifetime of what the signer issues. */
function ttlSetting(signer: SignerSettings): { configure(settings: Readonly<Record<string, unknown>>): void } {
  return {
    configure(settings) {
      if (typeof settings.ttlSeconds === 'number') signer.ttlSeconds = settings.ttlSeconds;
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
  try {
    sendJson(res, 200, await runControl(targets, (await readJson(req)) as unknown as ControlCommand));
  } catch (error) {
    sendJson(res, 400, { code: 'ControlError', message: error instanceof Error ? error.message : String(error) });
  }
}
