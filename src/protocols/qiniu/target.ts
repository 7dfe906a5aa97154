import { parseSize } from '../../contracts/parse-size.js';
import type { Target } from '../../contracts/target.js';
import { createQiniuProtocol, QINIU_LIMITS, type QiniuOptions } from '../qiniu.js';

import { normalizeHost } from './hosts.js';
import type { QiniuOperations } from './operations.js';

export type { QiniuOptions } from '../qiniu.js';
export type { QiniuOperations } from './operations.js';

const MIN_CHUNK = 1024;

/**
 * The `qiniu` target: Qiniu resumable upload v1. Reads the `upload-hosts` and `chunk-size`
 * attributes; customVars and metadata (functions of the file) are options or `providerOptions`.
 */
export function qiniu(options: QiniuOptions = {}): Target<'qiniu', QiniuOperations, QiniuOptions> {
  return {
    name: 'qiniu',
    limits: QINIU_LIMITS,
    protocol: (overrides = {}) => createQiniuProtocol({ ...options, ...overrides }),
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
      {
        name: 'chunk-size',
        parse: (text) => {
          const bytes = parseSize(text);
          return bytes !== undefined && bytes >= MIN_CHUNK ? { chunkSize: bytes } : undefined;
        },
        invalid: {
          en: (value) => `chunk-size must be a size of at least 1KiB such as 1MiB, not “${value}”. Uploads are off until it is fixed.`,
          'zh-CN': (value) => `chunk-size 必须是不小于 1KiB 的大小，例如 1MiB，而不是“${value}”。修正之前无法上传。`,
        },
      },
    ],
    demo: { label: 'Qiniu Kodo', partOps: ['mkblk', 'bput'] },
  };
}
