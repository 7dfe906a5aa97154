import { UploadError } from '../../transport/upload-error.js';
import type { Io, Protocol, UploadResult } from '../../contracts/protocol.js';
import type { FileInfo } from '../../contracts/signer.js';
import { callSigner, lacksOperation } from '../shared/sign-answers.js';
import { CALLBACK_FAILED, formDigests, postForm } from './form.js';
import type { UploadHosts } from './hosts.js';
import type { PutTokenResponse } from './operations.js';
import { fileFields, type PerFile } from './fields.js';
import { expectToken } from './wire.js';

/** What a target's one-request upload shares with its sessions (v1 and v2 alike). */
export interface FormPutConfig {
  /** The signer provider asked (`qiniu` or `qiniu-v2`). */
  readonly provider: string;
  readonly hosts: UploadHosts;
  /** The `x:` variables and `x-qn-meta-` metadata, as the target's options give them. */
  readonly customVars?: PerFile;
  readonly metadata?: PerFile;
}

/**
 * A whole file in one form upload (protocols.md 1.8) with the UpToken the backend issued at
 * `put`, for that key only. With integrity on, the CRC-32 goes along (the service refuses other
 * bytes, 406) and the answer's hash is checked against the local qetag. A token refused as
 * expired is asked for again by the engine's next attempt, which calls `put` again. A backend
 * without `put` is `put-unsupported`: the engine opens a session (`token`) instead.
 */
export function formPut(config: FormPutConfig): NonNullable<Protocol['putWhole']> {
  const { provider, hosts } = config;
  return async (file: FileInfo, body: Blob, _digests, io: Io): Promise<UploadResult> => {
    const { customVars, metadata } = fileFields(config, file);
    const fields = Object.entries({ ...customVars, ...metadata });
    const digests = io.integrity ? await formDigests(io, 0, body.size) : undefined;
    let signed: PutTokenResponse;
    try {
      const answer = expectToken(await callSigner(io, { op: 'put', provider, file, ...(file.key === undefined ? {} : { key: file.key }) }), 'put');
      if (answer.key === undefined) throw new UploadError("the signer's answer to put is malformed: it names no key", { kind: 'protocol', code: 'bad-signer-answer' });
      signed = { ...answer, key: answer.key };
    } catch (error) {
      if (lacksOperation(error)) throw new UploadError('the signer has no put operation', { kind: 'config', code: 'put-unsupported', cause: error });
      throw error;
    }
    const { key } = signed;
    hosts.allow(signed.uploadHosts ?? []);
    const host = hosts.require();
    const form = { token: signed.token, key, fields, mimeType: file.type === '' ? 'application/octet-stream' : file.type, fname: file.name };
    const answer = await postForm(host, form, body, digests, io, hosts);
    // The key is the backend's: a scoped token cannot store another, whatever an answer says.
    return { provider, key, size: body.size, response: answer.response, ...(answer.status === 579 ? { warning: CALLBACK_FAILED } : {}) };
  };
}

/** Qiniu's own limit for one form upload (upload-types.md): 1 GB. */
export const QINIU_FORM_MAX = 1024 ** 3;

/** The one-request upload of a Qiniu target (v1 or v2): a form upload with the token `put` issues. */
export function formPutOf(provider: string, hosts: UploadHosts, options: { readonly customVars?: PerFile; readonly metadata?: PerFile }): Pick<Protocol, 'putWhole' | 'putWholeMax' | 'putWholeMin'> {
  return {
    putWhole: formPut({ provider, hosts, ...options }),
    putWholeMax: QINIU_FORM_MAX,
    // Qiniu's SDKs refuse an empty form upload; an empty file is one bare mkfile/0 (v1) or its
    // one empty part (v2) instead, as before.
    putWholeMin: 1,
  };
}
