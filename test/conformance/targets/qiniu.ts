import { qiniu } from '../../../src/protocols/qiniu/target.js';
import { MiB } from '../../helpers/files.js';
import { runProtocolConformance } from '../protocol-conformance.js';

runProtocolConformance({
  // 1 MiB chunks: every fault test has several chunks per block, so bput is exercised too.
  target: () => qiniu({ chunkSize: 1 * MiB }),
  partSize: 4 * MiB,
  sizes: [0, 1, 4 * MiB, 4 * MiB + 1, 9 * MiB + 3],
  faultSize: 8 * MiB + 123,
  // Half-way through 20 MiB on two lanes, two blocks are finished and two half-sent. What a lane
  // may send again: its chunk in flight (1 MiB) or, when the server took that chunk but the reload
  // cut off its answer, the block again from mkblk (a ctx is single-use, so the lost ctx cannot be
  // replaced): 4 MiB + 1 MiB at most.
  resumeSize: 20 * MiB + 999,
  resumePartSize: 5 * MiB,
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
