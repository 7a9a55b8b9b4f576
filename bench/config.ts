/** Sizes of every measurement. BENCH_QUICK=1 shrinks them to a smoke run that still exercises every path. */
export const QUICK = process.env.BENCH_QUICK === '1' || process.env.BENCH_QUICK === 'true';

/** Activity slots per opad worker; the baselines get the same number of concurrent jobs per worker. */
export const SLOTS = Number(process.env.BENCH_SLOTS ?? 20);

export const settings = {
  accept: {
    /** Requests per closed-loop concurrency level: at least 1,000, so a p99 is not just the slowest few. */
    levels: QUICK
      ? [
          { clients: 1, requests: 20 },
          { clients: 10, requests: 60 },
          { clients: 50, requests: 150 },
        ]
      : [
          { clients: 1, requests: 1_000 },
          { clients: 10, requests: 1_000 },
          { clients: 50, requests: 2_000 },
        ],
    /** Open-loop rates; 1,000 requests at each, so every p99 rests on at least 1,000 samples. */
    rates: QUICK
      ? [
          { perSecond: 10, requests: 30 },
          { perSecond: 50, requests: 100 },
          { perSecond: 100, requests: 150 },
        ]
      : [
          { perSecond: 10, requests: 1_000 },
          { perSecond: 50, requests: 1_000 },
          { perSecond: 100, requests: 1_000 },
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
    /** The shortest warm-up; it lasts until every closed loop has completed two articles (see throughput.ts). */
    warmupMs: QUICK ? 8_000 : 15_000,
    /** A system too slow to reach that gives up waiting here and is measured anyway, and the run says so. */
    warmupLimitMs: QUICK ? 30_000 : 180_000,
    /** Articles kept in flight per worker: twice the slots, so no worker waits for work. */
    inflightPerWorker: 2 * SLOTS,
    workerCounts: [1, 2],
  },
  progress: {
    /** More than 1,000 API reads; SSE events come only as fast as articles complete. The warm-up is the throughput run's. */
    durationMs: QUICK ? 6_000 : 60_000,
    pollers: 10,
    pollPauseMs: 200,
    /** As many as the articles in flight, so most of them are watched, as on a busy site. */
    sseFollowers: QUICK ? 5 : 2 * SLOTS,
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
