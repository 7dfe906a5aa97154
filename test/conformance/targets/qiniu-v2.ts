import { qiniuV2 } from '../../../src/protocols/qiniu-v2/target.js';
import { MiB } from '../../helpers/files.js';
import { runProtocolConformance } from '../protocol-conformance.js';

runProtocolConformance({
  target: () => qiniuV2(),
  // 1 MiB is the smallest part v2 allows (protocols.md 1.4).
  partSize: 1 * MiB,
  sizes: [0, 1, 1 * MiB, 1 * MiB + 1, 5 * MiB + 3],
  faultSize: 3 * MiB + 123,
  resumeSize: 6 * MiB + 999,
  resumePartSize: 1 * MiB,
  abortable: true,
  signerTarget: 'signer:qiniu-v2',
  tamper: (answer, request) => {
    if (request.op !== 'token' || typeof answer !== 'object' || answer === null) return answer;
    const signed = answer as { token: string };
    const [accessKey, , policy] = signed.token.split(':');
    return { ...signed, token: `${accessKey}:AAAAAAAAAAAAAAAAAAAAAAAAAAA=:${policy}` };
  },
});
