/**
 * Everything that can reach a message, a log or the journal passes through here first:
 * query strings carry presigned signatures, path segments can carry Qiniu ctx values, and
 * headers carry tokens. None of them may leave the process in readable form.
 */

const LONG_SEGMENT = /^[A-Za-z0-9_\-+=.%~]{40,}$/;

/** Origin and path of a URL, without query or fragment; long opaque path segments masked. */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url.split(/[?#]/, 1)[0] ?? '';
  }
  const path = parsed.pathname
    .split('/')
    .map((segment) => (LONG_SEGMENT.test(segment) ? '…' : segment))
    .join('/');
  return `${parsed.origin}${path}`;
}

const URL_IN_TEXT = /\bhttps?:\/\/[^\s"'<>]+/g;
const SECRET_PATTERNS: readonly RegExp[] = [
  // Schemes whose credential is `id:signature` (OSS, QingStor, Qiniu): only that form is masked,
  // so prose such as "OSS console" stays readable.
  /\b(UpToken|UploadToken|QS|OSS)\s+[^\s:"',]+:[^\s"',]+/g,
  /\b(Bearer|Basic|AWS4-HMAC-SHA256)\s+[^\s"',]+/gi,
  /\b(Authorization|x-oss-security-token|x-amz-security-token)\s*[:=]\s*[^\s"',&]+/gi,
  /\b(signature|sign|token|x-amz-signature|x-amz-credential|x-amz-security-token|x-oss-signature|ossaccesskeyid|access_key_id|security-token)=[^&\s"']+/gi,
];

/** A copy of free text with URLs reduced to origin and path and known secret forms masked. */
export function redactText(text: string): string {
  let out = text.replace(URL_IN_TEXT, (url) => redactUrl(url));
  for (const pattern of SECRET_PATTERNS) {
    out = out.replace(pattern, (match) => {
      const cut = match.search(/[\s:=]/);
      return `${match.slice(0, cut + 1)}[redacted]`;
    });
  }
  return out;
}
