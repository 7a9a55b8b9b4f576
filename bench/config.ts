/** Sizes of every measurement. BENCH_QUICK=1 shrinks them to a smoke run that still exercises every path. */
export const QUICK = process.env.BENCH_QUICK === '1' || process.env.BENCH_QUICK === 'true';

/** Activity slots per opad worker; the baselines get the same number of concurrent jobs per worker. */
export const SLOTS = Number(process.env.BENCH_SLOTS ?? 20);

export const settings = {
  accept: {
    /** Requests per concurrency level: enough samples for a p99 that is more than the single slowest request. */
    levels: QUICK
      ? [
          { clients: 1, requests: 20 },
          { clients: 10, requests: 60 },
          { clients: 50, requests: 150 },
        ]
      : [
          { clients: 1, requests: 300 },
          { clients: 10, requests: 1_000 },
          { clients: 50, requests: 2_000 },
        ],
    warmup: QUICK ? 10 : 50,
  },
  overhead: {
    articles: QUICK ? 2 : 10,
    warmup: QUICK ? 1 : 2,
    llmLatenciesMs: [0, 200],
  },
  throughput: {
    durationMs: QUICK ? 8_000 : 60_000,
    /** Long enough for the first articles of the closed loop to come out, so the window sees a steady state. */
    warmupMs: QUICK ? 8_000 : 15_000,
    /** Articles kept in flight per worker: twice the slots, so no worker waits for work. */
    inflightPerWorker: 2 * SLOTS,
    workerCounts: [1, 2],
  },
  progress: {
    durationMs: QUICK ? 6_000 : 30_000,
    warmupMs: QUICK ? 2_000 : 5_000,
    pollers: 10,
    pollPauseMs: 200,
    sseFollowers: 5,
  },
  crash: {
    /** Three times the slots, so each kill catches a third of the articles mid-run and the rest still queued. */
    articles: QUICK ? 12 : 30,
    /** Long enough that a kill lands in the middle of LLM calls. */
    llmLatencyMs: 300,
    slots: QUICK ? 4 : 10,
    /** The first kill comes once this share of the expected LLM calls has arrived. */
    firstKillAt: 0.3,
    /**
     * The second kill comes with the first LLM call that starts this long after the first kill: opad's heartbeat
     * time-out and BullMQ's lock, so it lands on the retries of the work the first kill cut off.
     */
    secondKillAfterMs: 10_000,
    /** Stop waiting once nothing has completed for this long. */
    idleMs: 25_000,
    timeoutMs: 150_000,
  },
};
