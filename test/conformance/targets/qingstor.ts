import { qingstor } from '../../../src/protocols/qingstor.js';
import { MiB } from '../../helpers/files.js';
import { runProtocolConformance } from '../protocol-conformance.js';

/** protocols.md 3.1: every part but the last is at least 4 MiB, so tests plan with exactly that. */
const PART = 4 * MiB;

runProtocolConformance({
  target: qingstor,
  partSize: PART,
  sizes: [0, 1, PART, 2 * PART + 7],
  faultSize: 3 * PART + 123,
  // Parts of at least 4 MiB, so the reload test runs over 7 of them.
  resumeSize: 6 * PART + 999,
  resumePartSize: PART,
  abortable: true,
  signerTarget: 'signer:qingstor',
  tamper: (answer, request) => {
    if (request.op !== 'part' || typeof answer !== 'object' || answer === null) return answer;
    const signed = answer as { url: string };
    return { ...signed, url: signed.url.replace(/signature=[^&]+/, 'signature=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA%3D') };
  },
});
