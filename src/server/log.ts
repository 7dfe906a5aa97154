/**
 * One structured log entry per signer request. It never holds a secret: no session token, no
 * header, no URL query, no request or answer body, no credential, no stack trace.
 */
export interface SignerLogEntry {
  /** ISO time the request arrived. */
  readonly at: string;
  readonly level: 'info' | 'warn' | 'error';
  readonly provider: string;
  readonly op: string;
  readonly status: number;
  /** Time to answer, in milliseconds. */
  readonly ms: number;
  /** The answer's error code, on failure. */
  readonly code?: string;
  /** The principal's id, once `authorize` returned one. */
  readonly principal?: string;
  /** The object key the request acted on. */
  readonly key?: string;
  /** The request's Origin, when it had one. */
  readonly origin?: string;
  /** For a 500: the thrown error's name and scrubbed first line. */
  readonly error?: string;
}

/** Writes each entry as one JSON line on stdout: `createSigner({ …, log: jsonLines })`. */
export function jsonLines(write: (line: string) => void): (entry: SignerLogEntry) => void {
  return (entry) => write(JSON.stringify(entry));
}
