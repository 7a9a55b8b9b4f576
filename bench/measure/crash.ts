import { settings } from '../config';
import type { TimedLlm } from '../fixtures/timed-llm';
import { log, sleep } from '../load';
import { nowMs, round } from '../stats';
import { BaselineDeployment } from '../systems/baseline';
import { type Deployment, type JobClient, nextRequest, type SystemUnderTest } from '../systems/types';

/** Stages that call the LLM; upload publishes and calls none, so an article costs at least three calls. */
const LLM_STAGES = ['research', 'draft', 'adapt'];

export interface StageSpend {
  requests: number;
  interrupted: number;
  /** Replies the LLM sent in full, per the bench's LLM front. */
  replies: number;
  /** Replies beyond one per article: LLM work paid for twice. */
  duplicates: number;
  /** Replies the system's own record has no trace of (opad: llm_usage rows never written because of a kill). */
  unrecorded: number;
  /** Of those, replies that arrived after the stage had already finished: a finished stage run again. */
  finishedRerun: number;
}

export interface CrashRun {
  articles: number;
  slots: number;
  llmLatencyMs: number;
  kills: number;
  completed: number;
  lost: number;
  /** Redis list only: articles pushed again after the crash (they start over at research). */
  requeued?: number;
  completedAfterRequeue?: number;
  llmRequests: number;
  requestsPerArticle: number;
  /** Calls cut off by a kill: the "retries of calls that failed" the issue allows. */
  interrupted: number;
  failed: number;
  /** 3 per article plus the interrupted calls: the requests when nothing is paid twice and nothing is lost. */
  floor: number;
  duplicateReplies: number;
  finishedRerun: number;
  byStage: Record<string, StageSpend>;
}

/** Waits until every article has ended, or nothing has happened for `idleMs`. */
async function settle(jobIds: string[], done: Set<string>, lastEvent: () => number): Promise<void> {
  const deadline = Date.now() + settings.crash.timeoutMs;
  while (done.size < jobIds.length && Date.now() < deadline && nowMs() - lastEvent() < settings.crash.idleMs)
    await sleep(250);
}

/** Resolves true once `count` LLM calls have arrived, false if calls stop arriving first (all work lost). */
async function callsReach(llm: TimedLlm, count: number): Promise<boolean> {
  let reached = false;
  void llm.waitForCalls(count).then(() => {
    reached = true;
  });
  let seen = llm.calls.length;
  let lastNew = nowMs();
  while (!reached) {
    await sleep(50);
    if (llm.calls.length !== seen) {
      seen = llm.calls.length;
      lastNew = nowMs();
    } else if (nowMs() - lastNew > settings.crash.idleMs) return false;
  }
  return true;
}

/** Resolves true once a call starts after `instant`, false if calls stop arriving first. */
async function callAfter(llm: TimedLlm, instant: number): Promise<boolean> {
  let lastNew = nowMs();
  let seen = llm.calls.length;
  while (!llm.calls.some((call) => call.start >= instant)) {
    await sleep(50);
    if (llm.calls.length !== seen) {
      seen = llm.calls.length;
      lastNew = nowMs();
    } else if (nowMs() - lastNew > settings.crash.idleMs && nowMs() > instant) return false;
  }
  return true;
}

async function spend(
  deployment: Deployment,
  llm: TimedLlm,
  firstCall: number,
  jobIds: string[],
): Promise<Record<string, StageSpend>> {
  const calls = llm.calls.slice(firstCall);
  const replies = await deployment.completedCalls(jobIds);
  const byStage: Record<string, StageSpend> = {};
  for (const stage of LLM_STAGES) {
    const ofStage = calls.filter((call) => call.stage === stage);
    byStage[stage] = {
      requests: ofStage.length,
      interrupted: ofStage.filter((call) => call.aborted).length,
      replies: ofStage.filter((call) => !call.aborted && call.status === 200).length,
      duplicates: 0,
      unrecorded: 0,
      finishedRerun: 0,
    };
  }
  const attributed: Record<string, { replies: number; articles: number }> = {};
  for (const jobId of jobIds) {
    const times = await deployment.stageTimes(jobId);
    for (const stage of LLM_STAGES) {
      const arrivals = replies.get(jobId)?.[stage] ?? [];
      const finishedAt = times.find((t) => t.stage === stage)?.end ?? Number.NaN;
      attributed[stage] ??= { replies: 0, articles: 0 };
      const seen = attributed[stage];
      seen.replies += arrivals.length;
      seen.articles += arrivals.length > 0 ? 1 : 0;
      (byStage[stage] as StageSpend).finishedRerun += arrivals.filter((at) => at > finishedAt).length;
    }
  }
  // Counted at the LLM front, so a reply the system never recorded is still counted as paid.
  for (const stage of LLM_STAGES) {
    const entry = byStage[stage] as StageSpend;
    const seen = attributed[stage] ?? { replies: 0, articles: 0 };
    entry.duplicates = Math.max(0, entry.replies - seen.articles);
    entry.unrecorded = Math.max(0, entry.replies - seen.replies);
  }
  return byStage;
}

/**
 * N articles on one worker whose process is SIGKILLed twice mid-run and started again each time. Counts what
 * reached the LLM and what came back, per article and stage, and which articles never completed.
 */
export async function measureCrash(system: SystemUnderTest, llm: TimedLlm): Promise<CrashRun> {
  const { articles, slots, llmLatencyMs, firstKillAt, secondKillAfterMs } = settings.crash;
  const deployment = await system.deploy({ workers: 1, slots });
  llm.setLatency(llmLatencyMs);
  const firstCall = llm.calls.length;
  try {
    const clients = await deployment.clients(5);
    const jobIds = await Promise.all(
      Array.from({ length: articles }, (_, i) =>
        (clients[i % clients.length] as JobClient).submit(nextRequest()),
      ),
    );
    const done = new Set<string>();
    let lastEvent = nowMs();
    for (const jobId of jobIds)
      void deployment.waitDone(jobId, 4 * settings.crash.timeoutMs).then((completed) => {
        if (completed) done.add(jobId);
        lastEvent = nowMs();
      });
    let kills = 0;
    const crash = async () => {
      await deployment.killWorker(0);
      kills++;
      await deployment.startWorker(0);
      lastEvent = nowMs();
    };
    if (await callsReach(llm, firstCall + Math.ceil(firstKillAt * articles * LLM_STAGES.length))) {
      const firstKill = nowMs();
      await crash();
      if (await callAfter(llm, firstKill + secondKillAfterMs)) {
        // Half a call in, so the retried call is cut off too.
        await sleep(llmLatencyMs / 2);
        await crash();
      }
    }
    await settle(jobIds, done, () => Math.max(lastEvent, llm.calls.at(-1)?.start ?? 0));
    const completed = done.size;
    let requeued: number | undefined;
    if (
      deployment instanceof BaselineDeployment &&
      deployment.name === 'redis-queue' &&
      done.size < articles
    ) {
      requeued = await deployment.requeueUnfinished(jobIds);
      lastEvent = nowMs();
      log(`${system.name} crash: ${articles - completed} articles stuck in "running"; requeued ${requeued}`);
      await settle(jobIds, done, () => Math.max(lastEvent, llm.calls.at(-1)?.start ?? 0));
    }
    const calls = llm.calls.slice(firstCall);
    const byStage = await spend(deployment, llm, firstCall, jobIds);
    const interrupted = calls.filter((call) => call.aborted).length;
    const stages = Object.values(byStage);
    const run: CrashRun = {
      articles,
      slots,
      llmLatencyMs,
      kills,
      completed,
      lost: articles - completed,
      ...(requeued !== undefined ? { requeued, completedAfterRequeue: done.size } : {}),
      llmRequests: calls.length,
      requestsPerArticle: round(calls.length / articles, 2),
      interrupted,
      failed: calls.filter((call) => !call.aborted && call.status !== 200).length,
      floor: articles * LLM_STAGES.length + interrupted,
      duplicateReplies: stages.reduce((sum, stage) => sum + stage.duplicates, 0),
      finishedRerun: stages.reduce((sum, stage) => sum + stage.finishedRerun, 0),
      byStage,
    };
    log(
      `${system.name} crash: ${run.completed}/${articles} completed after ${kills} kills, ${run.llmRequests} LLM requests ` +
        `(floor ${run.floor}), ${run.duplicateReplies} replies paid twice, ${run.finishedRerun} after the stage had finished`,
    );
    return run;
  } finally {
    llm.setLatency(0);
    await deployment.stop();
  }
}
