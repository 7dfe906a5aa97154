import { cosV4 } from '../../../src/protocols/cos-v4/target.js';
import { KiB, MiB } from '../../helpers/files.js';
import { runProtocolConformance } from '../protocol-conformance.js';

/** A signature whose HMAC bytes are spoiled; its plaintext (appid, expiry, …) is left intact. */
function spoiled(sign: string): string {
  const raw = atob(sign);
  return btoa(String.fromCharCode(raw.charCodeAt(0) ^ 0xff) + raw.slice(1));
}

runProtocolConformance({
  target: cosV4,
  partSize: MiB,
  sizes: [0, 1, MiB, 5 * MiB + 7],
  faultSize: 5 * MiB + 123 * KiB + 5,
  resumeSize: 8 * MiB + 999,
  // The planner always asks for 1 MiB slices (cosV4Limits' fixedPartSize), and the emulator grants it.
  resumePartSize: MiB,
  // The form fields and part headers around each slice (op, sha, offset, session): under 1 KiB.
  partFramingBytes: KiB,
  abortable: false,
  signerTarget: 'signer:cos-v4',
  tamper: (answer, request) => {
    if (request.op !== 'sign' || typeof answer !== 'object' || answer === null) return answer;
    const signed = answer as { sign: string };
    return { ...signed, sign: spoiled(signed.sign) };
  },
});
