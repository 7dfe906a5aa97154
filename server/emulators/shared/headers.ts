import type { IncomingMessage } from 'node:http';

/** A request header as one string (repeated headers joined by commas); undefined when absent. */
export function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

/** A request header as one string; empty when absent (as string-to-sign rules treat it). */
export function headerText(req: IncomingMessage, name: string): string {
  return headerValue(req, name) ?? '';
}

/** The request's headers (lowercase names) as single strings, those `keep` accepts. */
export function headerRecord(req: IncomingMessage, keep: (name: string) => boolean = () => true): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(req.headers)) {
    const value = headerValue(req, name);
    if (value !== undefined && keep(name)) out[name] = value;
  }
  return out;
}
