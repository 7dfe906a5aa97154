import { makeUpToken, urlSafeBase64 } from '../../../server/verify/qiniu.js';
import { QINIU_DEFAULTS } from '../../../server/emulators/qiniu.js';

/** Raw Qiniu v1 requests for strictness tests, with tokens made by our own verifier code. */
export interface ChunkAnswer {
  readonly ctx: string;
  readonly checksum: string;
  readonly crc32: number;
  readonly offset: number;
  readonly host: string;
  readonly expired_at: number;
}

export interface TokenPolicy {
  readonly scope?: string;
  readonly deadline?: number;
  readonly [field: string]: unknown;
}

export interface RequestOptions {
  readonly token?: string;
  readonly base?: string;
  readonly headers?: Record<string, string>;
}

export interface RawQiniu {
  token(key: string, policy?: TokenPolicy, secret?: string): string;
  mkblk(blockSize: number, chunk: Buffer, options?: RequestOptions): Promise<Response>;
  bput(ctx: string, offset: number, chunk: Buffer, options?: RequestOptions): Promise<Response>;
  mkfile(fileSize: number, ctxs: readonly string[], options?: RequestOptions & { key?: string; segments?: string }): Promise<Response>;
  /** mkblk then bput for each chunk; the answers of every request. */
  block(chunks: readonly Buffer[], options?: RequestOptions): Promise<ChunkAnswer[]>;
}

export function rawQiniu(baseUrl: string): RawQiniu {
  const token = (key: string, policy: TokenPolicy = {}, secret: string = QINIU_DEFAULTS.secretKey): string =>
    makeUpToken(
      QINIU_DEFAULTS.accessKey,
      secret,
      JSON.stringify({ scope: `${QINIU_DEFAULTS.bucket}:${key}`, deadline: Math.floor(Date.now() / 1000) + 600, ...policy }),
    );
  const post = (path: string, body: Buffer | string, type: string, options: RequestOptions = {}): Promise<Response> =>
    fetch(`${options.base ?? baseUrl}${path}`, {
      method: 'POST',
      body: typeof body === 'string' ? body : new Uint8Array(body),
      headers: {
        'Content-Type': type,
        ...(options.token === undefined ? {} : { Authorization: `UpToken ${options.token}` }),
        ...options.headers,
      },
    });
  const raw: RawQiniu = {
    token,
    mkblk: (blockSize, chunk, options) => post(`/mkblk/${blockSize}`, chunk, 'application/octet-stream', options),
    bput: (ctx, offset, chunk, options) => post(`/bput/${ctx}/${offset}`, chunk, 'application/octet-stream', options),
    mkfile: (fileSize, ctxs, options = {}) =>
      post(
        `/mkfile/${fileSize}${options.key === undefined ? '' : `/key/${urlSafeBase64(options.key)}`}${options.segments ?? ''}`,
        ctxs.join(','),
        'text/plain',
        options,
      ),
    async block(chunks, options = {}) {
      const size = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
      const answers: ChunkAnswer[] = [];
      for (const chunk of chunks) {
        const last = answers.at(-1);
        const response = last === undefined ? await raw.mkblk(size, chunk, options) : await raw.bput(last.ctx, last.offset, chunk, options);
        if (response.status !== 200) throw new Error(`chunk refused: ${response.status} ${await response.text()}`);
        answers.push((await response.json()) as ChunkAnswer);
      }
      return answers;
    },
  };
  return raw;
}

export async function errorText(response: Response): Promise<string | undefined> {
  const body = (await response.json()) as { error?: string };
  return body.error;
}
