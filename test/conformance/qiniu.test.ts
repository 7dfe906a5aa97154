import { createQiniuProtocol } from '../../src/protocols/qiniu.js';
import { MiB } from '../helpers/files.js';
import { runProtocolConformance } from './protocol-conformance.js';

runProtocolConformance({
  name: 'qiniu',
  // 1 MiB chunks: every fault test has several chunks per block, so bput is exercised too.
  protocol: () => createQiniuProtocol({ chunkSize: 1 * MiB }),
  partOps: ['mkblk', 'bput'],
  partSize: 4 * MiB,
  sizes: [0, 1, 4 * MiB, 4 * MiB + 1, 21 * MiB + 3],
  faultSize: 8 * MiB + 123,
  abortable: false,
  unlistedParts: true,
  signerTarget: 'signer:qiniu',
  tamper: (answer, request) => {
    if (request.op !== 'token' || typeof answer !== 'object' || answer === null) return answer;
    const signed = answer as { token: string };
    const [accessKey, , policy] = signed.token.split(':');
    return { ...signed, token: `${accessKey}:AAAAAAAAAAAAAAAAAAAAAAAAAAA=:${policy}` };
  },
});
