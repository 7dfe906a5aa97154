import type { EmulatorHandle } from './emulators/shared/emulator.js';
import type { FaultRule } from './emulators/shared/faults.js';

/**
 * Commands tests, the demo's chaos panel and the benches send to the running servers: inject
 * faults, read back what a server stored and saw, change settings, reset.
 */
export type ControlCommand =
  | { readonly cmd: 'urls' }
  | { readonly cmd: 'fault'; readonly target: string; readonly rule: FaultRule }
  | { readonly cmd: 'clear-faults'; readonly target?: string }
  | { readonly cmd: 'faults'; readonly target: string }
  | { readonly cmd: 'object'; readonly target: string; readonly key: string }
  | { readonly cmd: 'requests'; readonly target: string; readonly op?: string; readonly keyPrefix?: string }
  | { readonly cmd: 'accepted'; readonly target: string; readonly keyPrefix?: string }
  | { readonly cmd: 'uploads'; readonly target: string; readonly keyPrefix?: string }
  | { readonly cmd: 'configure'; readonly target: string; readonly settings: Readonly<Record<string, unknown>> }
  | { readonly cmd: 'reset'; readonly target?: string };

export interface Configurable {
  configure(settings: Readonly<Record<string, unknown>>): void;
}

export interface ControlTargets {
  readonly urls: Readonly<Record<string, string>>;
  readonly emulators: Readonly<Record<string, EmulatorHandle>>;
  /** Per-provider signer settings (`ttlSeconds`), addressed as target `signer:<provider>`. */
  readonly signers: Readonly<Record<string, Configurable>>;
}

export async function runControl(targets: ControlTargets, command: ControlCommand): Promise<unknown> {
  const emulator = (name: string): EmulatorHandle => {
    const found = targets.emulators[name];
    if (found === undefined) throw new Error(`no emulator named ${name}`);
    return found;
  };
  const prefixed = <T extends { readonly key: string }>(items: readonly T[], prefix: string | undefined): T[] =>
    items.filter((item) => prefix === undefined || item.key.startsWith(prefix));
  switch (command.cmd) {
    case 'urls':
      return targets.urls;
    case 'fault':
      return { id: emulator(command.target).faults.add(command.rule) };
    case 'faults':
      return emulator(command.target).faults.list();
    case 'clear-faults':
      for (const [name, e] of Object.entries(targets.emulators)) if (command.target === undefined || command.target === name) e.faults.clear();
      return {};
    case 'object': {
      const found = emulator(command.target);
      const object = await found.object(command.key);
      if (object === undefined) return null;
      // `url`: where a plain GET reads the bytes back (the playground's "Stored at" link).
      const url = await found.readUrl?.(command.key);
      return { size: object.size, md5: object.md5, etag: object.etag, contentType: object.contentType, ...(url === undefined ? {} : { url }) };
    }
    case 'requests':
      return emulator(command.target).log.entries({
        ...(command.op === undefined ? {} : { op: command.op }),
        ...(command.keyPrefix === undefined ? {} : { keyPrefix: command.keyPrefix }),
      });
    case 'accepted':
      return prefixed(await emulator(command.target).accepted(), command.keyPrefix);
    case 'uploads':
      return prefixed(await emulator(command.target).uploads(), command.keyPrefix);
    case 'configure': {
      if (command.target.startsWith('signer:')) {
        const signer = targets.signers[command.target.slice('signer:'.length)];
        if (signer === undefined) throw new Error(`no signer for ${command.target}`);
        signer.configure(command.settings);
      } else {
        emulator(command.target).configure(command.settings);
      }
      return {};
    }
    case 'reset':
      for (const [name, e] of Object.entries(targets.emulators)) if (command.target === undefined || command.target === name) await e.reset();
      return {};
    default:
      throw new Error(`unknown control command ${JSON.stringify(command)}`);
  }
}
