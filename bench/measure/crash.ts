import { settings } from '../config';
import type { TimedLlm } from '../fixtures/timed-llm';
import { log, sleep } from '../load';
import { nowMs, round } from '../stats';
import { BaselineDeployment } from '../systems/baseline';
import { type Deployment, type JobClient, nextRequest, type SystemUnderTest } from '../systems/types';

/**
 * The LLM operations of an article, each called once: research, draft, adapt and questions (level, narration and
 * upload call none), so an article costs at least four calls. The level stage's revisions are 'adapt' calls too,
 * as opad names them, so they are counted under adapt, each as a call of its own.
 */
const LLM_OPERATIONS = ['research', 'draft', 'adapt', 'questions'];

/** What one LLM operation cost over the run ('adapt' includes the level stage's revisions). */
export interface StageSpend {
  requests: number;
  interrupted: number;
  /** Replies the LLM sent in full, per the bench's LLM front. */
  replies: number;
  /** Replies beyond one per call an article needed: LLM work paid for twice. */
  duplicates: number;
  /** Replies the system's own record has no trace of (opad: llm_usage rows a kill left open after the reply). */
  unrecorded: number;
  /** Of those, replies to calls made after their stage had already finished: a finished stage run again. */
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
  /** Revision calls the level checks asked for (distinct calls with a reply; none while the text is at level). */
  revisions: number;
  /**
   * 4 per article, plus the revisions and the interrupted calls: the requests when nothing is paid twice and
   * nothing is lost.
   */
  floor: number;
  duplicateReplies: number;
  finishedRerun: number;
  /** Per LLM operation (see LLM_OPERATIONS). */
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
): Promise<{ byStage: Record<string, StageSpend>; revisions: number }> {
  const calls = llm.calls.slice(firstCall);
  const replies = await deployment.completedCalls(jobIds);
  const byStage: Record<string, StageSpend> = {};
  for (const operation of LLM_OPERATIONS) {
    const ofOperation = calls.filter((call) => call.stage === operation);
    byStage[operation] = {
      requests: ofOperation.length,
      interrupted: ofOperation.filter((call) => call.aborted).length,
      replies: ofOperation.filter((call) => !call.aborted && call.status === 200).length,
      duplicates: 0,
      unrecorded: 0,
      finishedRerun: 0,
    };
  }
  // Per operation: the replies the system recorded, and the distinct calls they answer (article × call).
  const recorded: Record<string, { replies: number; calls: Set<string> }> = {};
  const revisions = new Set<string>();
  for (const jobId of jobIds) {
    const times = await deployment.stageTimes(jobId);
    for (const reply of replies.get(jobId) ?? []) {
      const entry = byStage[reply.operation];
      if (!entry) continue;
      const seen = recorded[reply.operation] ?? { replies: 0, calls: new Set<string>() };
      recorded[reply.operation] = seen;
      seen.replies++;
      seen.calls.add(`${jobId} ${reply.call}`);
      if (reply.stage === 'level') revisions.add(`${jobId} ${reply.call}`);
      const finishedAt = times.find((t) => t.stage === reply.stage)?.end ?? Number.NaN;
      if (reply.at > finishedAt) entry.finishedRerun++;
    }
  }
  // Counted at the LLM front, so a reply the system never recorded is still counted as paid.
  for (const operation of LLM_OPERATIONS) {
    const entry = byStage[operation] as StageSpend;
    const seen = recorded[operation] ?? { replies: 0, calls: new Set() };
    entry.duplicates = Math.max(0, entry.replies - seen.calls.size);
    entry.unrecorded = Math.max(0, entry.replies - seen.replies);
  }
  return { byStage, revisions: revisions.size };
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
    if (await callsReach(llm, firstCall + Math.ceil(firstKillAt * articles * LLM_OPERATIONS.length))) {
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
    const { byStage, revisions } = await spend(deployment, llm, firstCall, jobIds);
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
      revisions,
      floor: articles * LLM_OPERATIONS.length + revisions + interrupted,
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
