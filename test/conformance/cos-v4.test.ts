import { createCosV4Protocol } from '../../src/protocols/cos-v4.js';
import { KiB, MiB } from '../helpers/files.js';
import { runProtocolConformance } from './protocol-conformance.js';

/** A signature whose HMAC bytes are spoiled; its plaintext (appid, expiry, …) is left intact. */
function spoiled(sign: string): string {
  const raw = atob(sign);
  return btoa(String.fromCharCode(raw.charCodeAt(0) ^ 0xff) + raw.slice(1));
}

runProtocolConformance({
  name: 'cos-v4',
  protocol: () => createCosV4Protocol(),
  partOps: ['upload_slice_data'],
  partSize: MiB,
  sizes: [0, 1, MiB, 30 * MiB + 7],
  faultSize: 5 * MiB + 123 * KiB + 5,
  abortable: false,
  signerTarget: 'signer:cos-v4',
  tamper: (answer, request) => {
    if (request.op !== 'sign' || typeof answer !== 'object' || answer === null) return answer;
    const signed = answer as { sign: string };
    return { ...signed, sign: spoiled(signed.sign) };
  },
});
