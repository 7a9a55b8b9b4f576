import { settings } from '../config';
import { log, sleep } from '../load';
import { nowMs, round } from '../stats';
import { type Deployment, type JobClient, nextRequest } from '../systems/types';

/**
 * Keeps `inflight` articles in the system: each loop submits one through the API, waits for it to complete and
 * submits the next. The workers therefore never run dry, and what comes out per second is their capacity.
 */
export class ClosedLoop {
  readonly inFlight = new Map<string, JobClient>();
  readonly completions: Array<{ at: number; ms: number }> = [];
  errors = 0;
  private stopping = false;

  constructor(
    private readonly deployment: Deployment,
    private readonly clients: JobClient[],
  ) {}

  start(inflight: number): void {
    for (let i = 0; i < inflight; i++) void this.loop(this.clients[i % this.clients.length] as JobClient);
  }

  private async loop(client: JobClient): Promise<void> {
    while (!this.stopping) {
      const started = nowMs();
      try {
        const jobId = await client.submit(nextRequest());
        this.inFlight.set(jobId, client);
        const completed = await this.deployment.waitDone(jobId, 300_000);
        this.inFlight.delete(jobId);
        if (completed) this.completions.push({ at: nowMs(), ms: nowMs() - started });
        else if (!this.stopping) this.errors++;
      } catch (error) {
        if (this.stopping) return;
        if (++this.errors === 1) log(`${this.deployment.name}: ${(error as Error).message}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }

  /**
   * The loops start every article at once, so the first ones come out together and the rate swings until each
   * loop has gone round a few times. Resolves once the loops have completed twice as many articles as are in
   * flight, two each on average (and not before
   * warmupMs), so what is measured next is the steady state rather than the first wave.
   */
  async warmUp(inflight: number): Promise<{ seconds: number; completed: number }> {
    const started = nowMs();
    const { warmupMs, warmupLimitMs } = settings.throughput;
    const elapsed = () => nowMs() - started;
    while (elapsed() < warmupLimitMs && (elapsed() < warmupMs || this.completions.length < 2 * inflight))
      await sleep(250);
    return { seconds: round(elapsed() / 1000), completed: this.completions.length };
  }

  completedBetween(from: number, to: number): Array<{ at: number; ms: number }> {
    return this.completions.filter((c) => c.at >= from && c.at < to);
  }

  /** Loops end after their current article; the deployment's stop releases the ones still waiting. */
  stop(): void {
    this.stopping = true;
  }
}
