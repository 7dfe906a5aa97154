import type { IncomingMessage, ServerResponse } from 'node:http';
import { runControl, type ControlCommand, type ControlTargets } from './control.js';
import { COS_V4_DEFAULTS, createCosV4Emulator, type CosV4Emulator } from './emulators/cos-v4.js';
import { createCountingServer } from './emulators/counting-server.js';
import { createOssEmulator, OSS_DEFAULTS, type OssEmulator } from './emulators/oss.js';
import { createQiniuEmulator, QINIU_DEFAULTS, type QiniuEmulator } from './emulators/qiniu.js';
import type { Emulator } from './emulators/shared/emulator.js';
import { listen } from './emulators/shared/listen.js';
import { readJson, sendJson } from './signer/http.js';
import { serve as serveSigner } from './signer/index.js';
import { createCosV4Signer } from './signer/cos-v4.js';
import { createOssSigner } from './signer/oss.js';
import type { ProviderSigner } from './signer/provider-signer.js';
import { createQiniuSigner, type QiniuPolicyExtras } from './signer/qiniu.js';

/**
 * Starts every emulator and the reference signer on 127.0.0.1, each on a free port. The demo
 * (vite.config.ts), the browser tests (test/plugins/servers.ts), the end-to-end tests and the
 * benches all start servers through here and nothing else.
 */
export interface StartOptions {
  /** Lifetime of presigned URLs and tokens the signer issues. Default 900 s. */
  readonly ttlSeconds?: number;
  /** Fixed ports (the demo); free ports when absent. */
  readonly ports?: Partial<Record<'signer' | 'oss' | 'qiniu' | 'cos-v4', number>>;
}

export interface Servers extends ControlTargets {
  /**
   * `qiniuAlt` is the Qiniu emulator under its second host name; `qiniuHostile` a server that
   * only counts requests (the host a hostile `host` answer names).
   */
  readonly urls: Readonly<{ signer: string; oss: string; qiniu: string; qiniuAlt: string; qiniuHostile: string; 'cos-v4': string }>;
  readonly emulators: Readonly<{ oss: OssEmulator; qiniu: QiniuEmulator; 'qiniu-hostile': Emulator; 'cos-v4': CosV4Emulator }>;
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
  const qiniu = await createQiniuEmulator({ port: options.ports?.qiniu ?? 0 });
  const qiniuHostile = await createCountingServer('qiniu-hostile');
  const qiniuHosts = [qiniu.url, qiniu.altUrl];
  const qiniuSigner = createQiniuSigner({
    bucket: QINIU_DEFAULTS.bucket,
    accessKey: QINIU_DEFAULTS.accessKey,
    secretKey: QINIU_DEFAULTS.secretKey,
    ttlSeconds,
    uploadHosts: qiniuHosts,
  });
  const cosV4 = await createCosV4Emulator({ port: options.ports?.['cos-v4'] ?? 0 });
  const cosV4Signer: SignerSettings = createCosV4Signer({
    endpoint: cosV4.url,
    appid: COS_V4_DEFAULTS.appid,
    bucket: COS_V4_DEFAULTS.bucket,
    secretId: COS_V4_DEFAULTS.secretId,
    secretKey: COS_V4_DEFAULTS.secretKey,
    ttlSeconds,
  });
  const providers: Record<string, ProviderSigner> = { oss: ossSigner, qiniu: qiniuSigner, 'cos-v4': cosV4Signer };
  const signers = {
    oss: {
      configure(settings: Readonly<Record<string, unknown>>) {
        if (typeof settings.ttlSeconds === 'number') ossSigner.ttlSeconds = settings.ttlSeconds;
      },
    },
    qiniu: {
      // ttlSeconds, uploadHosts (null: the emulator's two names) and put-policy extras (null: none).
      configure(settings: Readonly<Record<string, unknown>>) {
        if (typeof settings.ttlSeconds === 'number') qiniuSigner.ttlSeconds = settings.ttlSeconds;
        if (Array.isArray(settings.uploadHosts)) qiniuSigner.uploadHosts = settings.uploadHosts.map(String);
        if (settings.uploadHosts === null) qiniuSigner.uploadHosts = qiniuHosts;
        if (typeof settings.policy === 'object') qiniuSigner.policy = (settings.policy ?? {}) as QiniuPolicyExtras;
      },
    },
    'cos-v4': {
      configure(settings: Readonly<Record<string, unknown>>) {
        if (typeof settings.ttlSeconds === 'number') cosV4Signer.ttlSeconds = settings.ttlSeconds;
      },
    },
  };
  const emulators = { oss, qiniu, 'qiniu-hostile': qiniuHostile, 'cos-v4': cosV4 };

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
  const urls = { signer: signerServer.url, oss: oss.url, qiniu: qiniu.url, qiniuAlt: qiniu.altUrl, qiniuHostile: qiniuHostile.url, 'cos-v4': cosV4.url };
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
