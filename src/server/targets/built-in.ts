import { azureTarget, type AzureConfig } from './azure-target.js';
import { cosV4Target, type CosV4Config } from './cos-v4-target.js';
import type { SignerTarget } from './definition.js';
import { ossTarget, type OssConfig } from './oss-target.js';
import { qingstorTarget, type QingStorConfig } from './qingstor-target.js';
import { qiniuTarget, type QiniuConfig } from './qiniu-target.js';
import { qiniuV2Target, type QiniuV2Config } from './qiniu-v2-target.js';
import { s3Target, type S3Config } from './s3-target.js';

/** Which storage a signer speaks to, and with which credentials: one config per built-in target. */
export type TargetConfig = S3Config | OssConfig | QingStorConfig | QiniuConfig | QiniuV2Config | CosV4Config | AzureConfig;

type AnySignerTarget = { [P in TargetConfig['provider']]: SignerTarget<Extract<TargetConfig, { provider: P }>> }[TargetConfig['provider']];

/** THE list of built-in signer targets, one line each. */
export const BUILT_IN_TARGETS: readonly AnySignerTarget[] = [s3Target, ossTarget, qingstorTarget, qiniuTarget, qiniuV2Target, cosV4Target, azureTarget];

/** The built-in target of a config's provider, typed for that config. */
export function signerTargetOf(config: TargetConfig): SignerTarget<TargetConfig> | undefined {
  // Note: the provider names match, so the config is the one this target takes.
  return BUILT_IN_TARGETS.find((target) => target.provider === config.provider) as SignerTarget<TargetConfig> | undefined;
}

/** Every credential string of a config, so no message can carry one out. */
export function credentialStrings(config: TargetConfig): string[] {
  const credentials: Readonly<Record<string, unknown>> | undefined = config.credentials;
  return Object.values(credentials ?? {}).filter((value): value is string => typeof value === 'string' && value.length >= 4);
}
