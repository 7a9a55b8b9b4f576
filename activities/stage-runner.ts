import { createHash } from 'node:crypto';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { claimStage, hintJobChanged, type RunClaim, refusalOf } from '../db/queries/articles';
import { markUsageKept } from '../db/queries/usage';
import { checkInput, type GenerateArticleInput } from '../workflows/input';
import { progressQuery, stageAttemptSignal } from '../workflows/messages';
import { LEGACY_STAGE_RETRY } from '../workflows/stage-retry';
import type { StageAttemptReport, StageError, StageName, StageResult } from '../workflows/types';
import type { ActivityDeps } from './deps';
import type { ChatRequest } from './llm/llm-client';
import { usageLedger } from './llm/usage-ledger';
import { splitArticleMarkdown } from './markdown';
import { classifyFailure } from './outages';

const HEARTBEAT_EVERY_MS = 2_000;

/** What a stage body gets: where to write, how to stay alive, and how to account for LLM calls. */
export interface StageContext {
  /** Blob folder for this stage's outputs; its name is a hash of the stage's inputs and prompt version. */
  dir: string;
  signal: AbortSignal;
  heartbeat: () => void;
  /**
   * Spread into every LLM request of the stage: cancellation, a heartbeat per chunk, the ledger that puts each
   * call of this attempt in llm_usage, and the capacity-wait reporter (it heartbeats, and the job shows the wait).
   */
  llmCall: Pick<ChatRequest, 'signal' | 'onChunk' | 'ledger' | 'onCapacityWait'>;
}

export type StageOutput = Omit<StageResult, 'stage' | 'reused'>;

interface StageManifest extends StageOutput {
  attemptId: string;
  /**
   * LLM calls the attempt put in llm_usage; 0 means it has no rows to flag kept. Absent in manifests written
   * before it was recorded: those attempts are flagged as before.
   */
  llmCalls?: number;
}

export function stageDir(articleId: string, stage: StageName, fingerprint: Record<string, unknown>): string {
  const hash = createHash('sha256').update(JSON.stringify(fingerprint)).digest('hex').slice(0, 16);
  return `articles/${articleId}/${stage}/${hash}`;
}

export function describeError(error: unknown): StageError {
  if (error instanceof ApplicationFailure) {
    return { type: error.type ?? 'Error', message: error.message, nonRetryable: Boolean(error.nonRetryable) };
  }
  const err = error as Error;
  return { type: err?.name ?? 'Error', message: err?.message ?? String(error) };
}

/** The run the current activity works for. */
export function currentWorkflow(): { workflowId: string; runId: string } {
  const execution = Context.current().info.workflowExecution;
  if (!execution) throw new Error('stage activities run only inside a workflow');
  return execution;
}

/** The run this activity works for, to report to and to ask. */
function ownWorkflow(deps: ActivityDeps) {
  const { workflowId, runId } = currentWorkflow();
  return deps.temporal.workflow.getHandle(workflowId, runId);
}

async function reportAttempt(deps: ActivityDeps, report: Omit<StageAttemptReport, 'attempt'>): Promise<void> {
  const { attempt } = Context.current().info;
  const { stage } = report;
  try {
    await ownWorkflow(deps).signal(stageAttemptSignal, { ...report, attempt });
  } catch (signalError) {
    // Progress reporting must never fail a stage; the workflow may already be closing.
    Context.current().log.warn('could not report stage attempt', { stage, error: String(signalError) });
  }
}

/**
 * The stage's earlier failures that were not outages, as the workflow counted them from the reports. Attempts
 * spent waiting out an outage do not count. Without an answer, every earlier attempt counts.
 */
async function otherFailuresSoFar(deps: ActivityDeps, stage: StageName, attempt: number): Promise<number> {
  if (attempt === 1) return 0;
  try {
    const progress = await ownWorkflow(deps).query(progressQuery);
    return progress.stages.find((s) => s.name === stage)?.otherFailures ?? 0;
  } catch {
    return attempt - 1;
  }
}

/** Reports the start and the end of each wait for the shared LLM rate limit, in order, and heartbeats. */
function capacityWaitReporter(deps: ActivityDeps, stage: StageName, heartbeat: () => void) {
  let waiting = false;
  let reports = Promise.resolve();
  return (untilMs: number | undefined) => {
    heartbeat();
    if ((untilMs !== undefined) === waiting) return;
    waiting = untilMs !== undefined;
    const capacityWaitUntil = untilMs === undefined ? null : new Date(untilMs).toISOString();
    reports = reports.then(() => reportAttempt(deps, { stage, capacityWaitUntil }));
  };
}

/**
 * The stage's check of its input, which the workflow leaves to the stages since the patch
 * input-checked-by-stages: the schema the API checks requests with at the edge, and the failure the workflow
 * threw before the patch (InvalidInput, non-retryable), so the generation fails at once.
 */
export function checkStageInput(input: unknown): void {
  const { problems } = checkInput(input);
  if (problems !== undefined)
    throw ApplicationFailure.nonRetryable(`Invalid article request: ${problems}`, 'InvalidInput');
}

/** Who the run works for, as its input says, and which run it is. */
function runClaimOf(input: GenerateArticleInput): RunClaim {
  const { workflowId, runId } = currentWorkflow();
  const { articleId, owner, language, level, length, topic, startId } = input;
  return { articleId, owner, request: { language, level, length, topic }, startId, workflowId, runId };
}

const REJECTED_START = 'RejectedStart';

/**
 * The stage claims its article before it spends anything: a run that opad did not start for this article (a
 * start forged on an open Temporal port, a stale run replaced by a retry) fails for good, and writes nothing.
 */
async function claimArticle(
  deps: ActivityDeps,
  input: GenerateArticleInput,
  stage: StageName,
): Promise<void> {
  const claim = runClaimOf(input);
  if (await claimStage(deps.db, claim, stage)) return;
  const refusal = await refusalOf(deps.db, claim, stage);
  if (refusal === undefined) return;
  throw ApplicationFailure.nonRetryable(`Refused to run the ${stage} stage: ${refusal}`, REJECTED_START);
}

/**
 * Runs one stage idempotently. Its output is found by a key derived from the stage's inputs: when a manifest is
 * already stored there, the stage returns it and calls no LLM, so no finished stage is paid for twice. The input
 * is checked first, then the stage claims its article, before anything else is written, read or called.
 */
export async function runStage(
  deps: ActivityDeps,
  stage: StageName,
  input: GenerateArticleInput,
  fingerprint: Record<string, unknown>,
  produce: (context: StageContext) => Promise<StageOutput>,
): Promise<StageResult> {
  checkStageInput(input);
  const activity = Context.current();
  const { attempt, activityId } = activity.info;
  const attemptId = `${currentWorkflow().runId}/${activityId}/${attempt}`;
  let progressNote = 0;
  const heartbeat = () => activity.heartbeat({ stage, progressNote: ++progressNote });
  const ticker = setInterval(heartbeat, HEARTBEAT_EVERY_MS);
  try {
    await claimArticle(deps, input, stage);
    if (attempt > 1) await reportAttempt(deps, { stage });
    const dir = stageDir(input.articleId, stage, { stage, ...fingerprint });
    const manifestKey = `${dir}/stage.json`;
    if (await deps.blobs.exists(manifestKey)) {
      const manifest = JSON.parse((await deps.blobs.get(manifestKey)).toString('utf8')) as StageManifest;
      // Again, in case the attempt that stored it stopped before flagging its calls.
      if (manifest.llmCalls !== 0) await markUsageKept(deps.db, manifest.attemptId);
      const { attemptId: _kept, llmCalls: _calls, ...output } = manifest;
      return { stage, ...output, reused: true };
    }
    const ledger = usageLedger(
      deps.db,
      { owner: input.owner, articleId: input.articleId, attempt, attemptId },
      deps.prices,
    );
    const signal = activity.cancellationSignal;
    const output = await produce({
      dir,
      signal,
      heartbeat,
      llmCall: {
        signal,
        onChunk: heartbeat,
        ledger,
        onCapacityWait: capacityWaitReporter(deps, stage, heartbeat),
      },
    });
    // The manifest is written last: its presence means every output of the stage is complete.
    await deps.blobs.put(
      manifestKey,
      JSON.stringify({ ...output, attemptId, llmCalls: ledger.opened } satisfies StageManifest),
      'application/json',
    );
    // A stage that called no LLM (the level check, narration, upload) has no row to flag.
    if (ledger.opened > 0) await markUsageKept(deps.db, attemptId);
    return { stage, ...output, reused: false };
  } catch (error) {
    // A refused run has nothing to report to the article's watchers: it is not the article's run.
    if (activity.cancellationSignal.aborted || isRejectedStart(error)) throw error;
    const failure = classifyFailure(error, (await otherFailuresSoFar(deps, stage, attempt)) + 1, {
      attempt,
      maxIntervalMs: input.retry?.maxIntervalMs ?? LEGACY_STAGE_RETRY.maxIntervalMs,
    });
    await reportAttempt(deps, { stage, error: describeError(failure.error), outage: failure.outage });
    await hintJobChanged(deps.db, input.articleId).catch(() => {});
    throw failure.error;
  } finally {
    clearInterval(ticker);
  }
}

const isRejectedStart = (error: unknown) =>
  error instanceof ApplicationFailure && error.type === REJECTED_START;

/** A stored article (draft, adapted text) split into its headline, source block and body. */
export async function readArticle(deps: ActivityDeps, key: string) {
  return splitArticleMarkdown((await deps.blobs.get(key)).toString('utf8'));
}

export async function readJson<T>(deps: ActivityDeps, key: string): Promise<T> {
  return JSON.parse((await deps.blobs.get(key)).toString('utf8')) as T;
}
