import type { QiniuPolicyExtras } from './qiniu.js';
import type { Seconds, StorageHandler } from './storage-handler.js';

/**
 * Which storage a signer speaks to, and with which credentials. Each target's SDK is an
 * optional peer dependency, loaded only when a signer for that target is created.
 */
export type TargetConfig = S3Config | OssConfig | QingStorConfig | QiniuConfig | CosV4Config;

/** S3 and S3-compatible stores, on @aws-sdk/client-s3 and @aws-sdk/s3-request-presigner. */
export interface S3Config {
  readonly provider: 's3';
  readonly bucket: string;
  /** Default `us-east-1`. */
  readonly region?: string;
  /** An S3-compatible endpoint (MinIO, R2, …); absent means AWS S3 itself. */
  readonly endpoint?: string;
  readonly forcePathStyle?: boolean;
  /** Absent: the AWS SDK's default chain (environment, profile, instance role). */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string };
  /** Where objects are read back, for the `location` of a completed upload. */
  readonly publicUrl?: string;
}

/** Aliyun OSS, on ali-oss. */
export interface OssConfig {
  readonly provider: 'oss';
  readonly bucket: string;
  /** `https://oss-cn-hangzhou.aliyuncs.com`, or an emulator's URL. */
  readonly endpoint: string;
  readonly credentials: { readonly accessKeyId: string; readonly accessKeySecret: string };
  readonly publicUrl?: string;
}

/** QingStor, on qingstor-sdk. */
export interface QingStorConfig {
  readonly provider: 'qingstor';
  readonly bucket: string;
  /** Default `https://qingstor.com`. */
  readonly endpoint?: string;
  /** `pek3b`, `sh1a`, …; absent for an endpoint that is the zone's host already. */
  readonly zone?: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  readonly publicUrl?: string;
}

/** Qiniu Kodo resumable upload, on qiniu: the signer issues UpTokens, the browser does the rest. */
export interface QiniuConfig {
  readonly provider: 'qiniu';
  readonly bucket: string;
  readonly credentials: { readonly accessKey: string; readonly secretKey: string };
  /** Upload hosts the browser may use, in order of preference. */
  readonly uploadHosts: readonly string[] | (() => readonly string[]);
  /** Put-policy fields added to every token (protocols.md 1.2). */
  readonly putPolicy?: QiniuPolicyExtras | (() => QiniuPolicyExtras);
}

/** Tencent COS v4 slice upload: multi-effect signatures made here by hand (no SDK exists). */
export interface CosV4Config {
  readonly provider: 'cos-v4';
  readonly bucket: string;
  readonly appid: string;
  /** `https://<region>.file.myqcloud.com`, or an emulator's URL. */
  readonly endpoint: string;
  readonly credentials: { readonly secretId: string; readonly secretKey: string };
}

/** The operations each target answers; any other is a 404 before authorization runs. */
export const TARGET_OPS: Readonly<Record<TargetConfig['provider'], readonly string[]>> = {
  s3: ['initiate', 'part', 'list', 'complete', 'abort'],
  oss: ['initiate', 'part', 'list', 'complete', 'abort'],
  qingstor: ['initiate', 'part', 'list', 'complete', 'abort'],
  qiniu: ['token', 'abort'],
  'cos-v4': ['sign'],
};

/** Every credential string of a config, so no message can carry one out. */
export function credentialStrings(config: TargetConfig): string[] {
  const credentials: Readonly<Record<string, unknown>> | undefined = config.credentials;
  return Object.values(credentials ?? {}).filter((value): value is string => typeof value === 'string' && value.length >= 4);
}

export async function loadStorageHandler(config: TargetConfig, ttlSeconds: Seconds): Promise<StorageHandler> {
  const trim = (url: string): string => url.replace(/\/+$/, '');
  switch (config.provider) {
    case 's3': {
      const { createS3Signer } = await import('./s3.js');
      return createS3Signer({
        region: config.region ?? 'us-east-1',
        bucket: config.bucket,
        forcePathStyle: config.forcePathStyle ?? false,
        ttlSeconds,
        ...(config.endpoint === undefined ? {} : { endpoint: trim(config.endpoint) }),
        ...(config.credentials === undefined ? {} : { credentials: config.credentials }),
        ...(config.publicUrl === undefined ? {} : { publicUrl: config.publicUrl }),
      });
    }
    case 'oss': {
      const { createOssSigner } = await import('./oss.js');
      return createOssSigner({
        endpoint: trim(config.endpoint),
        bucket: config.bucket,
        accessKeyId: config.credentials.accessKeyId,
        accessKeySecret: config.credentials.accessKeySecret,
        ttlSeconds,
        publicUrl: trim(config.publicUrl ?? config.endpoint),
      });
    }
    case 'qingstor': {
      const { createQingStorSigner } = await import('./qingstor.js');
      const endpoint = trim(config.endpoint ?? 'https://qingstor.com');
      return createQingStorSigner({
        endpoint,
        bucket: config.bucket,
        accessKeyId: config.credentials.accessKeyId,
        secretAccessKey: config.credentials.secretAccessKey,
        ttlSeconds,
        publicUrl: trim(config.publicUrl ?? endpoint),
        ...(config.zone === undefined ? {} : { zone: config.zone }),
      });
    }
    case 'qiniu': {
      const { createQiniuSigner } = await import('./qiniu.js');
      return createQiniuSigner({
        bucket: config.bucket,
        accessKey: config.credentials.accessKey,
        secretKey: config.credentials.secretKey,
        ttlSeconds,
        uploadHosts: config.uploadHosts,
        ...(config.putPolicy === undefined ? {} : { policy: config.putPolicy }),
      });
    }
    case 'cos-v4': {
      const { createCosV4Signer } = await import('./cos-v4.js');
      return createCosV4Signer({
        endpoint: config.endpoint,
        appid: config.appid,
        bucket: config.bucket,
        secretId: config.credentials.secretId,
        secretKey: config.credentials.secretKey,
        ttlSeconds,
      });
    }
    default:
      throw new TypeError(`chunk-uploader/server: unknown provider ${String((config as { provider?: unknown }).provider)}`);
  }
}
