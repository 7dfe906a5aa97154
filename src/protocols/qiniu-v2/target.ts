import type { Target } from '../../contracts/target.js';
import { normalizeHost } from '../qiniu/hosts.js';
import type { QiniuOperations } from '../qiniu/operations.js';
import { createQiniuV2Protocol, QINIU_V2_LIMITS, type QiniuV2Options } from '../qiniu-v2.js';

export type { QiniuV2Options } from '../qiniu-v2.js';

/**
 * The `qiniu-v2` target: Qiniu multipart v2, whose server lists the parts it holds, so a resume
 * is decided by the server. The signer answers `token` exactly as for `qiniu`. Reads the
 * `upload-hosts` attribute.
 */
export function qiniuV2(options: QiniuV2Options = {}): Target<'qiniu-v2', QiniuOperations, QiniuV2Options> {
  return {
    name: 'qiniu-v2',
    limits: QINIU_V2_LIMITS,
    protocol: (overrides = {}) => createQiniuV2Protocol({ ...options, ...overrides }),
    attributes: [
      {
        name: 'upload-hosts',
        parse: (text) => {
          const hosts = text.split(/[\s,]+/).filter((host) => host !== '');
          return hosts.every((host) => normalizeHost(host) !== undefined) ? { uploadHosts: hosts } : undefined;
        },
        invalid: {
          en: (value) =>
            `upload-hosts must list host names or http(s) URLs separated by commas or spaces, not “${value}”. Uploads are off until it is fixed.`,
          'zh-CN': (value) => `upload-hosts 必须是以逗号或空格分隔的主机名或 http(s) URL，而不是“${value}”。修正之前无法上传。`,
        },
      },
    ],
    demo: { label: 'Qiniu Kodo (multipart v2)', partOps: ['v2-part'] },
  };
}
