/**
 * The part of qingstor-sdk 3.1.4 (which ships no types) that the reference signer uses. Shapes
 * read from the package's src/request.js, src/build.js and src/qingstor/bucket.js.
 */
declare module 'qingstor-sdk' {
  export interface QingStorOperation {
    method: string;
    uri: string;
    endpoint: string;
    path: string;
    params: Record<string, string>;
    headers: Record<string, string>;
    body?: unknown;
  }

  export interface QingStorResponse<T = unknown> {
    readonly status: number;
    readonly data: T;
    readonly headers: Record<string, string>;
  }

  export class Request {
    operation: QingStorOperation;
    sign(): Promise<Request>;
    signQuery(expiresTTL: number): Promise<Request>;
    send<T = unknown>(): Promise<QingStorResponse<T>>;
  }

  export class Bucket {
    initiateMultipartUpload(key: string, options: Record<string, unknown>): Promise<QingStorResponse<{ upload_id?: unknown }>>;
    uploadMultipartRequest(key: string, options: Record<string, unknown>): Request;
    putObjectRequest(key: string, options: Record<string, unknown>): Request;
    listMultipart(key: string, options: Record<string, unknown>): Promise<QingStorResponse<{ object_parts?: unknown }>>;
    completeMultipartUploadRequest(key: string, options: Record<string, unknown>): Request;
    abortMultipartUpload(key: string, options: Record<string, unknown>): Promise<QingStorResponse>;
  }

  export class QingStor {
    constructor(config: object);
    Bucket(bucketName: string, zone?: string): Bucket;
  }

  const sdk: { readonly QingStor: typeof QingStor; readonly version: string };
  // eslint-disable-next-line no-restricted-syntax -- describes the SDK's own default export
  export default sdk;
}

declare module 'qingstor-sdk/lib/config/browser.js' {
  import type { QingStorOperation } from 'qingstor-sdk';

  /** The SDK's Config without the Node variant's config-file handling (see ./qingstor.ts). */
  // eslint-disable-next-line no-restricted-syntax -- describes the SDK's own default export
  export default class Config {
    constructor(options: Readonly<Record<string, unknown>>);
    getAxiosConfig?: (operation: QingStorOperation) => Record<string, unknown>;
  }
}
