import type { SignRequest, Signer } from '../../src/contracts/signer.js';
import { createHttpSigner } from '../../src/core/http-signer.js';
import { XhrTransport } from '../../src/transport/xhr-transport.js';
import { serverUrls } from './servers.js';

/**
 * A page signer written before operation `op` existed: its switch has no such case, so it
 * answers nothing (`nothing`) or throws (`throws`), the two ways such signers fall through.
 */
export interface LackingOp {
  readonly op: string;
  readonly by: 'nothing' | 'throws';
}

/** The test servers' signer for `route`, with every request it is asked recorded. */
export async function countingSigner(route: string, lacking?: LackingOp): Promise<{ readonly signer: Signer; readonly seen: SignRequest[] }> {
  const honest = createHttpSigner(`${(await serverUrls()).signer}/${route}`, new XhrTransport());
  const seen: SignRequest[] = [];
  return {
    seen,
    signer: (request, options) => {
      seen.push(request);
      if (request.op === lacking?.op) {
        return lacking.by === 'nothing' ? Promise.resolve(undefined) : Promise.reject(new Error(`unknown operation ${request.op}`));
      }
      return honest(request, options);
    },
  };
}
