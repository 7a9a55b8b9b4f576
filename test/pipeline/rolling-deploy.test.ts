import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { bundleWorkflows } from '../../worker/create-worker';
import { bundleWorkflowsBeforeLocalOutcome } from '../helpers/code-before-patch';
import { commandsOf } from '../helpers/history-events';
import { PipelineHarness } from '../helpers/pipeline-harness';
import { type DeployedGeneration, generateAcrossDeploy } from '../helpers/rolling-deploy';

/**
 * Issue 15's rolling deploy: a generation started on the workflow code before the patch
 * outcome-as-local-activity finishes after its worker is replaced by one with the current code.
 */
const harness = new PipelineHarness();
let deployed: DeployedGeneration;
let history: unknown;

beforeAll(async () => {
  await harness.start();
  deployed = await generateAcrossDeploy(harness, 'rolling-deploy');
  await deployed.handle.result();
  history = JSON.parse(historyToJSON(await deployed.handle.fetchHistory()));
});
afterAll(() => harness.close());

test('the generation completes once, and no stage finished before the deploy is paid again', async () => {
  const { workflowId } = deployed.handle;
  const articleId = workflowId.replace(/^article-/, '');
  expect((await harness.settled(articleId)).status).toBe('completed');
  const runs = [];
  for await (const run of harness.client.workflow.list({ query: `WorkflowId = '${workflowId}'` }))
    runs.push(run.status.name);
  expect(runs).toEqual(['COMPLETED']);
  expect(await harness.blobs.list(`articles/${articleId}/article.md`)).toEqual([
    `articles/${articleId}/article.md`,
  ]);
  expect(deployed.llmCountsAtDeploy).toEqual({ research: 1, draft: 1 });
  expect(harness.llm.counts).toEqual({ research: 1, draft: 1, adapt: 1, questions: 1 });
});

test('the old code ran the stages before the deploy; the new code the rest, and records the outcome locally', () => {
  const commands = commandsOf(history);
  const [oldBuild, newBuild, ...others] = [...new Set(commands.map((c) => c.buildId))];
  expect(others).toEqual([]);
  const by = (buildId: string | undefined) =>
    commands.filter((c) => c.buildId === buildId).map((c) => c.command);
  expect(by(oldBuild)).toEqual([
    'patch:stage-retry-by-time-budget',
    'patch:level-check',
    'patch:comprehension-questions',
    'patch:narration',
    'research',
    'draft',
  ]);
  expect(by(newBuild)).toEqual([
    'adapt',
    'checkLevel',
    'writeQuestions',
    'narrate',
    'upload',
    'patch:outcome-as-local-activity',
    'local:recordOutcome',
  ]);
});

test('the mixed history replays against the current code, and not against the code before the patch', async () => {
  await Worker.runReplayHistory({ workflowBundle: await bundleWorkflows() }, history);
  const replayOnOldCode = Worker.runReplayHistory(
    { workflowBundle: await bundleWorkflowsBeforeLocalOutcome() },
    history,
  );
  await expect(replayOnOldCode).rejects.toBeInstanceOf(DeterminismViolationError);
});
