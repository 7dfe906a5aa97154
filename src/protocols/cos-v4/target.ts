import { parseSize } from '../../contracts/parse-size.js';
import type { Target } from '../../contracts/target.js';
import { COS_V4_SLICE_SIZES, cosV4Limits, createCosV4Protocol, type CosV4Options } from '../cos-v4.js';
import type { CosV4Operations } from './operations.js';

export type { CosV4Options } from '../cos-v4.js';
export type { CosV4Operations } from './operations.js';

const DEFAULT_SLICE = 1048576;

const flag = (name: string, option: 'simpleRequests' | 'overwrite'): NonNullable<Target<'cos-v4', CosV4Operations, CosV4Options>['attributes']>[number] => ({
  name,
  type: 'boolean',
  parse: () => ({ [option]: true }),
  // A boolean attribute has no invalid value.
  invalid: { en: () => '', 'zh-CN': () => '' },
});

/**
 * The `cos-v4` target: Tencent COS v4 slice upload. Reads `slice-size`, `signature-in`,
 * `simple-requests` and `overwrite`.
 */
export function cosV4(options: CosV4Options = {}): Target<'cos-v4', CosV4Operations, CosV4Options> {
  return {
    name: 'cos-v4',
    limits: { ...cosV4Limits(options.sliceSize ?? DEFAULT_SLICE), maxObjectSize: Number.MAX_SAFE_INTEGER },
    protocol: (overrides = {}) => createCosV4Protocol({ ...options, ...overrides }),
    attributes: [
      {
        name: 'slice-size',
        parse: (text) => {
          const bytes = parseSize(text);
          return bytes !== undefined && COS_V4_SLICE_SIZES.includes(bytes) ? { sliceSize: bytes } : undefined;
        },
        invalid: {
          en: (value) => `slice-size must be 512KiB, 1MiB, 2MiB or 3MiB, not “${value}”. Uploads are off until it is fixed.`,
          'zh-CN': (value) => `slice-size 必须是 512KiB、1MiB、2MiB 或 3MiB，而不是“${value}”。修正之前无法上传。`,
        },
      },
      {
        name: 'signature-in',
        parse: (text) => {
          const value = text.trim().toLowerCase();
          return value === 'query' || value === 'header' ? { signatureIn: value } : undefined;
        },
        invalid: {
          en: (value) => `signature-in must be “query” or “header”, not “${value}”. Uploads are off until it is fixed.`,
          'zh-CN': (value) => `signature-in 必须是“query”或“header”，而不是“${value}”。修正之前无法上传。`,
        },
      },
      flag('simple-requests', 'simpleRequests'),
      flag('overwrite', 'overwrite'),
    ],
    demo: { label: 'Tencent COS v4', partOps: ['upload_slice_data'] },
  };
}
