import type { Configurable } from '../control.js';
import type { Emulator } from '../emulators/shared/emulator.js';
import type { S3Config, Signer } from '../../src/server/index.js';
import type { PlaygroundSettings } from '../signer/playground-policy.js';

/**
 * A storage target's Node side, as one module: `server/targets/<name>.ts` exports
 * `serverTarget`, and server/start.ts starts every module in this folder (no list to edit).
 */
export interface ServerTarget {
  /** The target's name (its `Target.name` in src/): signer route and control name. */
  readonly name: string;
  start(options: TargetOptions): Promise<StartedTarget>;
}

/** What starting one storage target adds to the servers: emulators, signer routes, settings. */
export interface StartedTarget {
  readonly urls: Readonly<Record<string, string>>;
  /** Addressable by control commands under these names. */
  readonly emulators: Readonly<Record<string, Emulator>>;
  /** Signer routes (chunk-uploader/server signers, or a test target's own): `POST /<name>/<op>`. */
  readonly providers: Readonly<Record<string, Pick<Signer, 'handle'>>>;
  /** Signer settings, addressable as control target `signer:<name>`. */
  readonly signers: Readonly<Record<string, Configurable>>;
  /** Stops what is not an emulator (third-party servers). */
  stop(): Promise<void>;
}

export interface TargetOptions {
  /** Lifetime of presigned URLs, tokens and signatures. */
  readonly ttlSeconds: number;
  /** Fixed ports (the demo); free ports when absent. */
  readonly ports: Readonly<Record<string, number | undefined>>;
  /** Point the `s3` signer route at a real bucket instead of the emulator. */
  readonly s3?: S3Config;
}

/** Lets tests shorten a signer's presign lifetime, as control target `signer:<name>`. */
export function ttlSetting(settings: PlaygroundSettings): Configurable {
  return {
    configure(changes) {
      if (typeof changes.ttlSeconds === 'number') settings.ttlSeconds = changes.ttlSeconds;
    },
  };
}
