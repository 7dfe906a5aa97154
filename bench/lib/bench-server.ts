/** What a run's files made arrive at a server: finished objects and their bytes. */
export interface Received {
  readonly objects: number;
  readonly bytes: number;
}

/**
 * A server a sink-bench scenario uploads to (the sink, @tus/server, s3rver with its presigner),
 * started and stopped by the bench. Each counts the requests it answered (preflights excepted)
 * and says what arrived, so a scenario that loses a file fails instead of looking fast.
 */
export interface BenchServer {
  /** Requests answered since the last reset, OPTIONS preflights not counted. */
  requests(): number;
  /** The objects finished since the last reset, with their bytes. */
  received(): Promise<Received>;
  /** Forgets counts and objects (and removes what was stored) before the next run. */
  reset(): Promise<void>;
  close(): Promise<void>;
}
