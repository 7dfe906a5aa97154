import { request } from 'node:http';
import {
  canonicalRequest,
  scopeString,
  signingKey,
  sigv4Signature,
  stringToSign,
  SIGV4_ALGORITHM,
} from '../../../server/verify/s3-sigv4.js';

/**
 * Sends an S3 request byte for byte as a test writes it (aws-chunked framing included), signed
 * in the Authorization header by our own SigV4 code. The AWS SDK never sends a malformed body,
 * so the refusals of one need this.
 */

export interface RawRequest {
  readonly url: string;
  readonly method: string;
  /** Lower-case names; every one is signed, plus host. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  readonly accessKeyId: string;
  readonly secret: string;
  readonly region: string;
  readonly amzDate: string;
  /** Sent as the Host header instead of the URL's (AWS's examples sign s3.amazonaws.com). */
  readonly host?: string;
}

export interface RawAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

/** The signature of the Authorization header: the seed of a signed aws-chunked body. */
export function authorization(raw: RawRequest): { readonly header: string; readonly signature: string } {
  const url = new URL(raw.url);
  const headers: Record<string, string> = { ...raw.headers, host: raw.host ?? url.host, 'x-amz-date': raw.amzDate };
  const signedHeaders = Object.keys(headers).sort();
  const date = raw.amzDate.slice(0, 8);
  const scope = { date, region: raw.region, service: 's3' };
  const canonical = canonicalRequest({
    method: raw.method,
    rawPath: url.pathname,
    query: [...url.searchParams.entries()],
    headers,
    signedHeaders,
    payloadHash: headers['x-amz-content-sha256'] ?? '',
  });
  const signature = sigv4Signature(signingKey(raw.secret, date, raw.region, 's3'), stringToSign(raw.amzDate, scopeString(scope), canonical));
  return {
    header: `${SIGV4_ALGORITHM} Credential=${raw.accessKeyId}/${scopeString(scope)}, SignedHeaders=${signedHeaders.join(';')}, Signature=${signature}`,
    signature,
  };
}

export function sendRaw(raw: RawRequest, authorizationHeader = authorization(raw).header): Promise<RawAnswer> {
  const url = new URL(raw.url);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: raw.method,
        headers: { ...raw.headers, host: raw.host ?? url.host, 'x-amz-date': raw.amzDate, authorization: authorizationHeader },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(raw.body);
  });
}

/** `yyyymmddTHHMMSSZ` of a moment. */
export function amzDateOf(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}
