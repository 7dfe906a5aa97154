import type { TestRunnerPlugin } from '@web/test-runner';
import type { ControlCommand } from '../../server/control.js';
import { startServers, type Servers } from '../../server/start.js';
import { putServerTarget } from '../outside-server/put-server.js';

/**
 * Starts the emulators and the signer for the browser tests and lets a test talk to them:
 * `executeServerCommand('servers', command)` runs a ControlCommand (server/control.ts).
 *
 * One set of servers per browser engine, started on its first command: engines run at the same
 * time, and a test's `configure` (a signer TTL, an emulator's slice size) must not reach a test
 * running in another engine.
 */
export function serversPlugin(): TestRunnerPlugin {
  const perEngine = new Map<string, Promise<Servers>>();
  const serversFor = (engine: string): Promise<Servers> => {
    let servers = perEngine.get(engine);
    if (servers === undefined) {
      // With the outside target's storage (test/outside/): a target the package does not ship.
      servers = startServers({ extraTargets: [putServerTarget] });
      perEngine.set(engine, servers);
    }
    return servers;
  };
  return {
    name: 'chunk-uploader-servers',
    async serverStop() {
      const all = [...perEngine.values()];
      perEngine.clear();
      await Promise.all(all.map(async (servers) => (await servers).stop()));
    },
    async executeCommand({ command, payload, session }) {
      if (command !== 'servers') return undefined;
      const servers = await serversFor(session.browser.name);
      // Wrapped, because the runner reads a null or undefined result as "command not handled"
      // (a missing object is a legitimate null answer).
      return { value: (await servers.control(payload as ControlCommand)) ?? null };
    },
  };
}
