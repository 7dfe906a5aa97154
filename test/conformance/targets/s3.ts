import { s3 } from '../../../src/protocols/s3.js';
import { MiB } from '../../helpers/files.js';
import { runProtocolConformance } from '../protocol-conformance.js';

runProtocolConformance({
  target: s3,
  partSize: 5 * MiB,
  sizes: [0, 1, 5 * MiB, 11 * MiB + 9],
  faultSize: 3 * 5 * MiB + 123,
  // S3's smallest part is 5 MiB, so the reload test runs over 7 parts of it.
  resumeSize: 6 * 5 * MiB + 999,
  resumePartSize: 5 * MiB,
  abortable: true,
  signerTarget: 'signer:s3',
  tamper: (answer, request) => {
    if (request.op !== 'part' || typeof answer !== 'object' || answer === null) return answer;
    const signed = answer as { url: string };
    return { ...signed, url: signed.url.replace(/X-Amz-Signature=[0-9a-f]+/, `X-Amz-Signature=${'0'.repeat(64)}`) };
  },
});
