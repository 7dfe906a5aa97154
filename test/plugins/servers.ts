import type { TestRunnerPlugin } from '@web/test-runner';
import type { ControlCommand } from '../../server/control.js';
import { startServers, type Servers } from '../../server/start.js';
import { putServerTarget } from '../outside-server/put-server.js';

/**
 * Starts the emulators and the signer for the browser tests and lets a test talk to them:
 * `executeServerCommand('servers', command)` runs a ControlCommand (server/control.ts).
 */
export function serversPlugin(): TestRunnerPlugin {
  let servers: Servers | undefined;
  return {
    name: 'chunk-uploader-servers',
    async serverStart() {
      // The outside target's storage (test/outside/): a target the package does not ship.
      servers = await startServers({ extraTargets: [putServerTarget] });
    },
    async serverStop() {
      await servers?.stop();
    },
    async executeCommand({ command, payload }) {
      if (command !== 'servers') return undefined;
      if (servers === undefined) throw new Error('servers are not running');
      // Wrapped, because the runner reads a null or undefined result as "command not handled"
      // (a missing object is a legitimate null answer).
      return { value: (await servers.control(payload as ControlCommand)) ?? null };
    },
  };
}
