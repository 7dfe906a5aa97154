import type { IncomingMessage, ServerResponse } from 'node:http';
import { runControl, type ControlCommand, type ControlTargets } from './control.js';
import { createOssEmulator, OSS_DEFAULTS, type OssEmulator } from './emulators/oss.js';
import { createS3Emulator, S3_DEFAULTS, type S3Emulator } from './emulators/s3.js';
import type { Emulator } from './emulators/shared/emulator.js';
import { listen } from './emulators/shared/listen.js';
import { readJson, sendJson } from './signer/http.js';
import { serve as serveSigner } from './signer/index.js';
import { createOssSigner } from './signer/oss.js';
import type { ProviderSigner } from './signer/provider-signer.js';
import { createS3Signer, type S3SignerOptions } from './signer/s3.js';
import { startS3rver } from './third-party/s3rver.js';

/**
 * Starts every emulator and the reference signer on 127.0.0.1, each on a free port. The demo
 * (vite.config.ts), the browser tests (test/plugins/servers.ts), the end-to-end tests and the
 * benches all start servers through here and nothing else.
 */
export interface StartOptions {
  /** Lifetime of presigned URLs and tokens the signer issues. Default 900 s. */
  readonly ttlSeconds?: number;
  /** Fixed ports (the demo); free ports when absent. */
  readonly ports?: Partial<Record<'signer' | 'oss' | 's3' | 's3rver', number>>;
  /**
   * Where the `s3` signer route points: our S3 emulator by default, or a real bucket
   * (`s3SignerOptionsFromEnv(process.env)`, README "Provider: s3").
   */
  readonly s3?: S3SignerOptions;
}

export interface Servers extends ControlTargets {
  /** `s3rver` is the third-party S3 server; `s3rverBucket` its bucket's base URL (anonymous reads). */
  readonly urls: Readonly<{ signer: string; oss: string; s3: string; s3rver: string; s3rverBucket: string }>;
  readonly emulators: Readonly<{ oss: OssEmulator; s3: S3Emulator }>;
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
  const s3 = await createS3Emulator({ port: options.ports?.s3 ?? 0 });
  const s3Signer = createS3Signer(
    options.s3 ?? {
      endpoint: s3.url,
      region: S3_DEFAULTS.region,
      bucket: S3_DEFAULTS.bucket,
      forcePathStyle: true,
      credentials: { accessKeyId: S3_DEFAULTS.accessKeyId, secretAccessKey: S3_DEFAULTS.secretAccessKey },
      ttlSeconds,
    },
  );
  // The same S3 signer code, configured for a server someone else wrote (protocols.md 5.4).
  const s3rver = await startS3rver(options.ports?.s3rver ?? 0);
  const s3rverSigner = createS3Signer({
    endpoint: s3rver.url,
    region: s3rver.region,
    bucket: s3rver.bucket,
    forcePathStyle: true,
    credentials: { accessKeyId: s3rver.accessKeyId, secretAccessKey: s3rver.secretAccessKey },
    ttlSeconds,
  });
  const providers: Record<string, ProviderSigner> = { oss: ossSigner, s3: s3Signer, s3rver: s3rverSigner };
  const ttlSetting = (signer: SignerSettings) => ({
    configure(settings: Readonly<Record<string, unknown>>) {
      if (typeof settings.ttlSeconds === 'number') signer.ttlSeconds = settings.ttlSeconds;
    },
  });
  const signers = { oss: ttlSetting(ossSigner), s3: ttlSetting(s3Signer), s3rver: ttlSetting(s3rverSigner) };
  const emulators = { oss, s3 };

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
  const urls = { signer: signerServer.url, oss: oss.url, s3: s3.url, s3rver: s3rver.url, s3rverBucket: `${s3rver.url}/${s3rver.bucket}` };
  targets.urls = urls;

  return {
    urls,
    emulators,
    signers,
    middleware,
    control: (command) => runControl(targets, command),
    async stop() {
      await signerServer.close();
      await Promise.all([...Object.values(emulators).map((e) => e.close()), s3rver.close()]);
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
