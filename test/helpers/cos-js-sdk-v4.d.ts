/**
 * The part of cos-js-sdk-v4 1.2.1 (which ships no types) that test/unit/cos-v4-official-sdk.test.ts
 * uses. Shapes read from the package's src/qcloud_sdk.js.
 */
declare module 'cos-js-sdk-v4' {
  interface CosCloudAnswer {
    readonly code?: number;
    readonly message?: string;
    readonly data?: Record<string, unknown>;
  }

  class CosCloud {
    constructor(options: { appid: string; bucket: string; region: string; getAppSign: (callback: (sign: string) => void) => void });
    /** `http(s)://REGION.file.myqcloud.com/files/v2/` by default, a prototype property a caller may replace. */
    cosapi_cgi_url: string;
    sliceUploadFile(
      success: (answer: CosCloudAnswer) => void,
      error: (answer: CosCloudAnswer) => void,
      onprogress: (uploaded: number, sha1Check: number) => void,
      bucket: string,
      remotePath: string,
      file: Blob,
      insertOnly?: 0 | 1,
      sliceSize?: number,
    ): void;
  }

  export default CosCloud;
}
