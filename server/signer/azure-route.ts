import { failureOf, jsonAnswer } from '../../src/server/answers.js';
import { decideCors, isLoopbackOrigin, preflightHeaders } from '../../src/server/cors.js';
import { SIGNER_CODES, SignerError } from '../../src/server/errors.js';
import { defaultKey } from '../../src/server/policy.js';
import { fileOf, type JsonBody, type StorageHandler } from '../../src/server/targets/storage-handler.js';
import type { Signer } from '../../src/server/index.js';

const OPS = new Set(['initiate', 'sas', 'list', 'complete', 'abort']);

/**
 * The playground's Azure route (`POST /azure/<op>`), in front of server/signer/azure.ts.
 * Note: chunk-uploader/server's createSigner does not serve Azure yet, so this route has the
 * playground's rules only (one user, the page's key, loopback origins) and no session tokens;
 * a real backend wraps createAzureBlobOps in its own authorization.
 */
export function createAzureRoute(storage: StorageHandler, secrets: readonly string[]): Pick<Signer, 'handle'> {
  return {
    async handle(request: Request): Promise<Response> {
      const cors = decideCors(request, isLoopbackOrigin);
      const op = new URL(request.url).pathname.split('/').filter((s) => s !== '').at(-1) ?? '';
      try {
        if (!cors.allowed) throw new SignerError(403, SIGNER_CODES.originNotAllowed, 'this origin may not call the signer');
        if (request.method === 'OPTIONS') {
          return new Response(null, { status: 204, headers: { ...preflightHeaders(cors, request), Date: new Date().toUTCString() } });
        }
        if (request.method !== 'POST') throw new SignerError(405, SIGNER_CODES.methodNotAllowed, 'use POST');
        if (!OPS.has(op)) throw new SignerError(404, SIGNER_CODES.unknownOperation, `azure has no signer operation ${op}`);
        const body = await bodyOf(request);
        if (op === 'initiate') {
          const file = fileOf(body);
          const hint = typeof body.key === 'string' && body.key !== '' ? body.key : undefined;
          body.key = hint ?? (await defaultKey({ id: 'playground' }, { ...file, ...(hint === undefined ? {} : { keyHint: hint }) }));
        }
        return jsonAnswer(200, await storage.handle(op, body), cors, Date.now());
      } catch (error) {
        const failure = failureOf(error, secrets);
        return jsonAnswer(failure.status, { code: failure.code, message: failure.message }, cors, Date.now());
      }
    },
  };
}

async function bodyOf(request: Request): Promise<JsonBody> {
  try {
    const parsed: unknown = JSON.parse((await request.text()) || '{}');
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as JsonBody;
  } catch {
    // answered below
  }
  throw new SignerError(400, SIGNER_CODES.invalidRequest, 'the request body must be a JSON object');
}
