import { STAGES, type StageName } from '../../workflows/types';
import { SLOTS, settings } from '../config';
import { callsBetween, llmTime, type TimedLlm } from '../fixtures/timed-llm';
import { log } from '../load';
import { median, nowMs, round } from '../stats';
import { OpadDeployment } from '../systems/opad';
import { type Deployment, type JobClient, nextRequest, type SystemUnderTest } from '../systems/types';
import { sseDelays } from './sse';

/**
 * One stage of one article, in ms. span = from this stage's start to the next one's (or to the client's view of
 * the end). Every system is timed on the same seven stages, so adapt ends where the level check starts and
 * upload where the client learns the article is complete.
 */
export interface StageBreakdown {
  span: number;
  /** Time in the LLM calls that started within the span (the level stage's are its revisions). */
  llm: number;
  /** LLM calls the stage made (a JSON reply that fails validation costs a second one in opad). */
  calls: number;
  /** span − llm: what the issue calls overhead. */
  overhead: number;
  /** Inside the stage but not waiting on the LLM: search, page fetches and extraction, blob and database writes. */
  work: number;
  /** From the stage's end to the next stage's start: the orchestrator's hand-off. */
  handoff: number;
}

export interface OverheadRun {
  llmLatencyMs: number;
  articles: number;
  /** Medians over the articles. */
  endToEnd: number;
  llm: number;
  overhead: number;
  /** POST sent to the first stage's start: accept, queueing and dispatch. */
  start: number;
  /** All seven stages; the report's rows show research, draft, adapt and upload. */
  stages: Record<StageName, StageBreakdown>;
  /** opad only: the hand-off before each stage, split into Temporal server time and the worker's workflow task. */
  handoffParts?: Partial<Record<StageName, { server: number; workflowTask: number }>>;
  /** opad only: the delay from a stage change to the SSE event that reports it, while idle (other articles). */
  sseDelayMs?: number[];
}

async function oneArticle(deployment: Deployment, client: JobClient, llm: TimedLlm, followSse: boolean) {
  const t0 = nowMs();
  const jobId = await client.submit(nextRequest());
  const sse =
    followSse && deployment instanceof OpadDeployment ? deployment.followEvents(client, jobId) : undefined;
  if (!(await deployment.waitDone(jobId, 120_000)))
    throw new Error(`${deployment.name}: ${jobId} did not complete`);
  const t1 = nowMs();
  const times = await deployment.stageTimes(jobId);
  const handoffParts =
    deployment instanceof OpadDeployment ? await deployment.handoffParts(jobId) : undefined;
  const stages = {} as Record<StageName, StageBreakdown>;
  let llmTotal = 0;
  times.forEach((stage, i) => {
    // A stage without a start (one that never ran) is skipped over, so the one before it ends at the next start.
    const next = times.slice(i + 1).find((later) => Number.isFinite(later.start))?.start ?? t1;
    // One article at a time, so a call belongs to the stage running when it started; attributing by the
    // operation instead would put the level's revisions ('adapt' calls) into adapt.
    const llmMs = llmTime(llm.calls, stage.start, next);
    llmTotal += llmMs;
    const span = next - stage.start;
    stages[stage.stage] = {
      calls: callsBetween(llm.calls, stage.start, next).length,
      span,
      llm: llmMs,
      overhead: span - llmMs,
      work: stage.end - stage.start - llmMs,
      handoff: next - stage.end,
    };
  });
  return {
    endToEnd: t1 - t0,
    llm: llmTotal,
    start: (times[0]?.start ?? t0) - t0,
    stages,
    handoffParts,
    sse: sse ? sseDelays(await sse) : [],
  };
}

/** One article at a time on one idle worker, so every millisecond belongs to that article. */
export async function measureOverhead(system: SystemUnderTest, llm: TimedLlm): Promise<OverheadRun[]> {
  const deployment = await system.deploy({ workers: 1, slots: SLOTS });
  const [client] = (await deployment.clients(1)) as [JobClient];
  const runs: OverheadRun[] = [];
  try {
    for (const latency of settings.overhead.llmLatenciesMs) {
      llm.setLatency(latency);
      for (let i = 0; i < settings.overhead.warmup; i++) await oneArticle(deployment, client, llm, false);
      const results: Array<Awaited<ReturnType<typeof oneArticle>>> = [];
      for (let i = 0; i < settings.overhead.articles; i++)
        results.push(await oneArticle(deployment, client, llm, false));
      // SSE follows separate articles: its 4 reads a second go through the same worker and would slow the ones timed.
      const sse: number[] = [];
      if (deployment instanceof OpadDeployment && latency > 0)
        for (let i = 0; i < settings.overhead.articles; i++)
          sse.push(...(await oneArticle(deployment, client, llm, true)).sse);
      const pick = (f: (r: (typeof results)[number]) => number) => round(median(results.map(f)));
      const stages = Object.fromEntries(
        STAGES.map((stage) => [
          stage,
          {
            calls: pick((r) => r.stages[stage].calls),
            span: pick((r) => r.stages[stage].span),
            llm: pick((r) => r.stages[stage].llm),
            overhead: pick((r) => r.stages[stage].overhead),
            work: pick((r) => r.stages[stage].work),
            handoff: pick((r) => r.stages[stage].handoff),
          },
        ]),
      ) as Record<StageName, StageBreakdown>;
      const run: OverheadRun = {
        llmLatencyMs: latency,
        articles: results.length,
        endToEnd: pick((r) => r.endToEnd),
        llm: pick((r) => r.llm),
        overhead: pick((r) => r.endToEnd - r.llm),
        start: pick((r) => r.start),
        stages,
        ...(deployment instanceof OpadDeployment
          ? {
              handoffParts: Object.fromEntries(
                STAGES.map((stage) => [
                  stage,
                  {
                    server: pick((r) => r.handoffParts?.[stage]?.server ?? Number.NaN),
                    workflowTask: pick((r) => r.handoffParts?.[stage]?.workflowTask ?? Number.NaN),
                  },
                ]),
              ),
            }
          : {}),
        ...(deployment instanceof OpadDeployment && latency > 0 ? { sseDelayMs: sse } : {}),
      };
      runs.push(run);
      const spans = STAGES.map((stage) => `${stage} ${stages[stage].span}`).join(', ');
      log(
        `${system.name} one article, LLM ${latency} ms/call: end-to-end ${run.endToEnd} ms, LLM ${run.llm} ms, overhead ${run.overhead} ms; spans ${spans} ms`,
      );
    }
    return runs;
  } finally {
    llm.setLatency(0);
    await deployment.stop();
  }
}
