export interface LoggedRequest {
  readonly seq: number;
  readonly at: number;
  readonly op: string;
  readonly method: string;
  /** Path only: queries carry signatures and are never logged. */
  readonly path: string;
  /** Set once the body names it, for a request whose path does not (a Qiniu form upload). */
  key: string | undefined;
  /** 0 while the server still handles the request; 499 when the client left before the answer. */
  status: number;
  /** Body bytes the emulator read from this request. */
  bytesIn: number;
  readonly fault: string | undefined;
  /** Host the request was addressed to (Qiniu's second upload host shares our port). */
  readonly host: string;
  /** For requests that may carry a body digest: whether it came, and matched the bytes. */
  digest?: 'absent' | 'valid' | 'invalid';
  /** When the server was done with it (ms since the epoch); 0 while it still is not. */
  doneAt: number;
}

export class RequestLog {
  #entries: LoggedRequest[] = [];
  #seq = 0;

  start(entry: Omit<LoggedRequest, 'seq' | 'at' | 'status' | 'bytesIn' | 'doneAt'>): LoggedRequest {
    const logged: LoggedRequest = { ...entry, seq: ++this.#seq, at: Date.now(), status: 0, bytesIn: 0, doneAt: 0 };
    this.#entries.push(logged);
    if (this.#entries.length > 50_000) this.#entries.splice(0, 10_000);
    return logged;
  }

  entries(filter?: { readonly op?: string; readonly keyPrefix?: string }): readonly LoggedRequest[] {
    return this.#entries.filter(
      (entry) =>
        (filter?.op === undefined || entry.op === filter.op) &&
        (filter?.keyPrefix === undefined || (entry.key ?? '').startsWith(filter.keyPrefix)),
    );
  }

  clear(): void {
    this.#entries = [];
  }
}
