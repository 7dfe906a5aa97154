import { oss } from '../../../src/protocols/oss.js';
import { KiB, MiB } from '../../helpers/files.js';
import { runProtocolConformance } from '../protocol-conformance.js';

runProtocolConformance({
  target: oss,
  partSize: 256 * KiB,
  sizes: [0, 1, 100 * KiB - 1, 6 * MiB + 17],
  faultSize: 2 * MiB + 123,
  resumeSize: 5 * MiB + 999,
  resumePartSize: 256 * KiB,
  abortable: true,
  signerTarget: 'signer:oss',
  tamper: (answer, request) => {
    if (request.op !== 'part' || typeof answer !== 'object' || answer === null) return answer;
    const signed = answer as { url: string };
    return { ...signed, url: signed.url.replace(/Signature=[^&]+/, 'Signature=AAAAAAAAAAAAAAAAAAAAAAAAAAA%3D') };
  },
});
