import { START_REQUEST_MEMO } from '../contracts/start-memo';
import { adoptRun, recordArticleOutcome } from '../db/queries/articles';
import type { GenerationProgress } from '../workflows/types';
import type { ActivityDeps } from './deps';
import { currentWorkflow } from './stage-runner';

/**
 * Records the generation's end in its row, only while this run is the article's. A run is the article's once a
 * stage claimed it, or once the starter saw Temporal acknowledge it; a run that ended in its first workflow task
 * (a retry setting no stage can run under) can get here before the starter did, so it proves itself by the start
 * request its memo names. A forged or replaced run writes nothing.
 */
export async function recordOutcome(deps: ActivityDeps, progress: GenerationProgress): Promise<void> {
  const { workflowId, runId } = currentWorkflow();
  if (await recordArticleOutcome(deps.db, progress, { runId })) return;
  const { memo } = await deps.temporal.workflow.getHandle(workflowId, runId).describe();
  const startId = memo?.[START_REQUEST_MEMO];
  if (typeof startId !== 'string') return;
  if (await adoptRun(deps.db, { articleId: progress.articleId, startId, runId }))
    await recordArticleOutcome(deps.db, progress, { runId });
}
