import { UploadError } from '../transport/upload-error.js';
import type { Io, PartRecord, PlannedPart, Protocol, Session, UploadResult } from '../contracts/protocol.js';
import type { FileInfo } from '../contracts/signer.js';
import type { Target, TargetLimits } from '../contracts/target.js';
import { decodeBlockId, encodeBlockId } from './azure/block-id.js';
import type { AzureOperations, AzureSas } from './azure/operations.js';
import { expectBlocks, expectCommitted, expectSigned, expectStarted, putBlockError, relayedKind } from './azure/wire.js';
import { presignedPut } from './shared/presigned-put.js';
import { callSigner, issuedSession, sessionField } from './shared/sign-answers.js';

export type { AzureOperations } from './azure/operations.js';

const MiB = 1024 * 1024;

/**
 * Put Block (REST version 2019-12-12 and later): a block holds at most 4000 MiB, and a committed
 * blob at most 50 000 blocks, so at most about 190.7 TiB. Azure has no smallest block. An empty
 * file is an empty block list.
 */
export const AZURE_LIMITS: TargetLimits = Object.freeze({
  minPartSize: 1,
  maxPartSize: 4000 * MiB,
  maxParts: 50_000,
  firstPartNumber: 1,
  emptyFileParts: 0,
  maxObjectSize: 50_000 * 4000 * MiB,
});

/** The `azure` target: Azure Blob Storage block blobs, one SAS per upload. */
export function azure(): Target<'azure', AzureOperations> {
  return {
    name: 'azure',
    limits: AZURE_LIMITS,
    protocol: () => createAzureProtocol(),
    demo: { label: 'Azure Blob Storage (Azurite)', partOps: ['PutBlock'] },
  };
}

/**
 * Azure Blob Storage block blobs (README "Provider: azure"). The browser sends each part as
 * `Put Block` with the upload's one SAS and a Content-MD5 Azure checks; the backend lists the
 * blocks on resume (`Get Block List`) and commits them (`Put Block List`), see
 * src/server/targets/azure.ts for why the commit is the backend's. The SAS is the engine's to keep
 * (`io.credentials`: memory only, one per upload, shared by every lane).
 */
export function createAzureProtocol(): Protocol {
  const provider = 'azure';
  // Per server session: a new upload id may come with a new blob name, and the SAS names the blob.
  const sasName = (session: Session): string => `sas:${session.uploadId}`;

  const signed = (session: Session, io: Io): Promise<AzureSas> =>
    io.credentials.get(sasName(session), async () => {
      try {
        return expectSigned('sas', await callSigner(io, { op: 'sas', provider, key: session.key, uploadId: session.uploadId, ...sessionField(session) }));
      } catch (error) {
        throw relayedKind(error);
      }
    });

  return {
    name: provider,
    limits: AZURE_LIMITS,
    partDigests: ['md5'],
    // A block id carries the MD5 Azure checked when it stored the block (azure/block-id.ts).
    listedDigests: ['md5'],
    verifyListed: (listed, local) => {
      const md5 = listed.etag === undefined ? undefined : decodeBlockId(listed.etag)?.md5Hex;
      return md5 !== undefined && md5 === local.md5Hex;
    },

    // Put Blob: one request for a file that fits in one part, with a SAS for that blob alone.
    putWhole: presignedPut({
      provider,
      status: 201,
      // Azure's ETag is not the MD5; it checks a sent Content-MD5 itself (400 on a mismatch).
      etagIsMd5: false,
      relayed: relayedKind,
      // The SAS is used once, right after it was made: a 403 is taken as expired, so the retry
      // asks for a new one (expiresAt 0) instead of failing the file.
      storageError: (response, _what, url) => putBlockError(response, url, 1, { url, expiresAt: 0 }, Date.now()),
    }),
    // Put Blob takes at most 5000 MiB (REST version 2019-12-12 and later).
    putWholeMax: 5000 * MiB,

    async begin(file: FileInfo, partSize: number, journaled: Session | undefined, io: Io): Promise<Session> {
      if (journaled !== undefined) return journaled;
      let started;
      try {
        started = expectStarted(await callSigner(io, { op: 'initiate', provider, file, ...(file.key === undefined ? {} : { key: file.key }) }));
      } catch (error) {
        throw relayedKind(error);
      }
      const signerSession = issuedSession('initiate', started);
      const session: Session = {
        provider,
        key: started.key,
        uploadId: started.uploadId,
        partSize,
        extra: { contentType: file.type },
        ...(signerSession === undefined ? {} : { signerSession }),
      };
      // The first SAS came with initiate: the first blocks need no signer call of their own.
      const sas: AzureSas = { url: started.url, expiresAt: started.expiresAt };
      await io.credentials.get(sasName(session), () => Promise.resolve(sas));
      return session;
    },

    async uploaded(session: Session, io: Io): Promise<readonly PartRecord[] | null> {
      let blocks;
      try {
        blocks = expectBlocks(await callSigner(io, { op: 'list', provider, key: session.key, uploadId: session.uploadId, ...sessionField(session) }));
      } catch (error) {
        throw relayedKind(error);
      }
      // Note: Azure keeps uncommitted blocks a week; a list that lost them just means "send again".
      const records: PartRecord[] = [];
      for (const block of blocks) {
        const parts = decodeBlockId(block.blockId);
        if (parts?.uploadId !== session.uploadId) continue;
        records.push({ number: parts.partNumber, size: block.size, etag: block.blockId, ...(parts.md5Hex === undefined ? {} : { md5: parts.md5Hex }) });
      }
      return records;
    },

    async sendPart(session: Session, part: PlannedPart, body: Blob, io: Io): Promise<PartRecord> {
      const md5Base64 = part.digests?.md5Base64;
      const md5Hex = part.digests?.md5Hex;
      const blockId = encodeBlockId({ uploadId: session.uploadId, partNumber: part.number, ...(md5Hex === undefined ? {} : { md5Hex }) });
      const credential = await signed(session, io);
      const url = `${credential.url}&comp=block&blockid=${encodeURIComponent(blockId)}`;
      const response = await io.transport.request({
        method: 'PUT',
        url,
        headers: md5Base64 === undefined ? {} : { 'Content-MD5': md5Base64 },
        body,
        signal: io.signal,
        timeoutMs: io.timeouts.requestMs,
        stallMs: io.timeouts.stallMs,
        ...(io.onProgress === undefined ? {} : { onUploadProgress: io.onProgress }),
      });
      if (response.status !== 201) {
        const error = putBlockError(response, url, part.number, credential, Date.now());
        if (error.kind === 'expired-credential') io.credentials.drop(sasName(session), credential);
        throw error;
      }
      // Azure echoes the Content-MD5 it checked (Azurite does not): a different one is a failure.
      const echoed = response.header('Content-MD5');
      if (echoed !== null && md5Base64 !== undefined && echoed !== md5Base64) {
        throw new UploadError(`block ${part.number} was stored with a different MD5 than was sent; sending it again`, {
          kind: 'integrity',
          code: 'md5-mismatch',
          method: 'PUT',
          url,
        });
      }
      return { number: part.number, size: body.size, etag: blockId, ...(md5Hex === undefined ? {} : { md5: md5Hex }) };
    },

    async complete(session: Session, parts: readonly PartRecord[], io: Io): Promise<UploadResult> {
      const blockIds = parts.map((part) => part.etag ?? '');
      const contentType = session.extra?.contentType;
      let answer;
      try {
        answer = expectCommitted(
          await callSigner(io, {
            op: 'complete',
            provider,
            key: session.key,
            uploadId: session.uploadId,
            ...sessionField(session),
            blockIds,
            ...(typeof contentType === 'string' && contentType !== '' ? { contentType } : {}),
            ...(io.fileMd5 === undefined ? {} : { fileMd5: io.fileMd5 }),
          }),
        );
      } catch (error) {
        throw relayedKind(error);
      }
      return { provider, key: answer.key, size: parts.reduce((sum, part) => sum + part.size, 0), response: answer };
    },

    async abort(session: Session, io: Io): Promise<void> {
      try {
        await callSigner(io, { op: 'abort', provider, key: session.key, uploadId: session.uploadId, ...sessionField(session) });
      } catch (error) {
        const mapped = relayedKind(error);
        if (mapped instanceof UploadError && mapped.kind === 'session-gone') return;
        throw mapped;
      }
    },
  };
}
