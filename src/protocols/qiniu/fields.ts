import { UploadError } from '../../transport/upload-error.js';
import type { FileInfo } from '../../contracts/signer.js';

/** Values for a file's `x:` variables or `x-qn-meta-` metadata: fixed, or per file. */
export type PerFile = Readonly<Record<string, string>> | ((file: FileInfo) => Readonly<Record<string, string>> | undefined);

export function perFileFields(source: PerFile | undefined, file: FileInfo, prefix: RegExp, what: string): Record<string, string> {
  const values = typeof source === 'function' ? source(file) : source;
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(values ?? {})) {
    if (!prefix.test(name)) throw new UploadError(`${what} name ${name} is not allowed; use ${prefix.source.replace(/\\/g, '')}`, { kind: 'invalid', code: 'invalid-option' });
    out[name] = String(value);
  }
  return out;
}

/** The `x:` variables and `x-qn-meta-` metadata the options give a file, names checked. */
export function fileFields(options: { readonly customVars?: PerFile; readonly metadata?: PerFile }, file: FileInfo): Record<'customVars' | 'metadata', Record<string, string>> {
  return {
    customVars: perFileFields(options.customVars, file, /^x:[A-Za-z0-9_.-]+$/, 'custom variable'),
    metadata: perFileFields(options.metadata, file, /^x-qn-meta-[A-Za-z0-9_.-]+$/, 'metadata'),
  };
}

