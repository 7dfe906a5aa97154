import { SIGNER_CODES, SignerError } from './errors.js';
import type { OperationContext } from './operations.js';
import type { SessionClaims } from './session-token.js';
import type { JsonBody } from './targets/storage-handler.js';

/** The most parts one `parts` call signs (README, "The signer JSON API"); the browser asks for no more. */
export const MAX_PARTS_PER_CALL = 100;

/**
 * One part URL of the upload `claims` names, as `part` signs it: the MD5 the policy requires,
 * and a size no larger than the file declared at initiate. The storage handler checks the part
 * number against its target's range.
 */
export async function signPart(item: JsonBody, claims: SessionClaims, context: OperationContext): Promise<unknown> {
  if (context.requirePartMd5 && typeof item.contentMd5 !== 'string') {
    throw new SignerError(400, SIGNER_CODES.invalidRequest, 'contentMd5 is required: this signer binds every part URL to its MD5');
  }
  const size = item.size;
  if (size !== undefined && (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0 || size > claims.size)) {
    throw new SignerError(400, SIGNER_CODES.invalidRequest, `size must be a whole number of bytes from 0 to the file's ${claims.size}`);
  }
  const request = {
    key: claims.key,
    uploadId: claims.uploadId,
    partNumber: item.partNumber,
    ...(item.contentMd5 === undefined ? {} : { contentMd5: item.contentMd5 }),
    ...(size === undefined ? {} : { size }),
  };
  return context.storage.handle('part', request);
}

/**
 * `parts`: many part URLs of one upload in one call, each checked as `part` checks it. The whole
 * batch is refused (400) when one part is: a browser never gets half of a request it got wrong.
 */
export async function signParts(body: JsonBody, claims: SessionClaims, context: OperationContext): Promise<{ parts: unknown[] }> {
  const items = body.parts;
  if (!Array.isArray(items) || items.length === 0 || items.length > MAX_PARTS_PER_CALL) {
    throw new SignerError(400, SIGNER_CODES.invalidRequest, `parts must be an array of 1 to ${MAX_PARTS_PER_CALL} parts`);
  }
  const numbers = new Set<number>();
  for (const item of items as unknown[]) {
    const partNumber = (item as { partNumber?: unknown } | null)?.partNumber;
    if (typeof partNumber !== 'number' || !Number.isInteger(partNumber) || partNumber < 0 || partNumber > 10_000 || numbers.has(partNumber)) {
      throw new SignerError(400, SIGNER_CODES.invalidRequest, 'each part needs its own whole partNumber from 0 to 10000');
    }
    numbers.add(partNumber);
  }
  const signed = await Promise.all(
    (items as JsonBody[]).map(async (item) => ({ ...((await signPart(item, claims, context)) as JsonBody), partNumber: item.partNumber })),
  );
  return { parts: signed };
}
