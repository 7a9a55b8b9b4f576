import type { WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import type { generateArticle } from '../../workflows';
import { bundleWorkflowsBeforeNewestPatch } from './code-before-patch';
import type { PipelineHarness } from './pipeline-harness';

export interface DeployedGeneration {
  handle: WorkflowHandleWithFirstExecutionRunId<typeof generateArticle>;
  /** The fake LLM's requests per stage when the old worker stopped. */
  llmCountsAtDeploy: Record<string, number>;
}

/**
 * A rolling deploy in the middle of a generation. The generation starts on a worker running the code before the
 * newest patch (input-checked-by-stages, see test/helpers/code-before-patch.ts). Once its draft is stored, that
 * worker is stopped as SIGTERM stops one (it takes no new task and lets the running one finish), and a worker
 * with the current code starts on the same task queue and finishes the generation.
 */
export async function generateAcrossDeploy(
  harness: PipelineHarness,
  taskQueue: string,
): Promise<DeployedGeneration> {
  let signalDrafted = () => {};
  const drafted = new Promise<void>((resolve) => {
    signalDrafted = resolve;
  });
  let release = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const old = await harness.startWorker({
    taskQueue,
    workflowBundle: await bundleWorkflowsBeforeNewestPatch(),
    // The draft is held after it is stored, until the worker has begun to shut down: the deploy lands while a
    // stage runs, and the stage still finishes on the old worker.
    wrapActivities: (activities) => ({
      ...activities,
      draft: async (...args) => {
        const result = await activities.draft(...args);
        signalDrafted();
        await released;
        return result;
      },
    }),
  });
  const handle = await harness.startGeneration(await harness.createArticle({ topic: 'deploy' }), taskQueue);
  await drafted;
  const llmCountsAtDeploy = { ...harness.llm.counts };
  old.worker.shutdown();
  release();
  await old.stop();
  await harness.startWorker({ taskQueue });
  return { handle, llmCountsAtDeploy };
}
