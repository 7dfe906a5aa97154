import { azure } from '../../../src/protocols/azure.js';
import { KiB, MiB } from '../../helpers/files.js';
import { runProtocolConformance } from '../protocol-conformance.js';

/** Azure has no smallest block, so parts stay small and the suite quick. */
const PART = 256 * KiB;

runProtocolConformance({
  target: azure,
  partSize: PART,
  sizes: [0, 1, 100 * KiB - 1, 8 * MiB + 17],
  faultSize: 2 * MiB + 123,
  resumeSize: 5 * MiB + 999,
  resumePartSize: PART,
  abortable: true,
  signerTarget: 'signer:azure',
  // The upload's one SAS comes with initiate (and again from `sas` when it runs out).
  tamper: (answer, request) => {
    if ((request.op !== 'initiate' && request.op !== 'sas') || typeof answer !== 'object' || answer === null) return answer;
    const signed = answer as { url: string };
    return { ...signed, url: signed.url.replace(/sig=[^&]+/, 'sig=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA%3D') };
  },
});
