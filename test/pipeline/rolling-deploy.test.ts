import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { bundleWorkflows } from '../../worker/create-worker';
import { bundleWorkflowsBeforeNewestPatch, DECLINED_PATCH } from '../helpers/code-before-patch';
import { commandsOf } from '../helpers/history-events';
import { PipelineHarness } from '../helpers/pipeline-harness';
import { type DeployedGeneration, generateAcrossDeploy } from '../helpers/rolling-deploy';

/**
 * Issue 15's rolling deploy: a generation started on the workflow code before the newest patch
 * (input-checked-by-stages) finishes after its worker is replaced by one with the current code.
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

test('the old code ran the stages before the deploy and the new code the rest, on the path the run started on', () => {
  expect(DECLINED_PATCH).toBe('input-checked-by-stages');
  const commands = commandsOf(history);
  const [oldBuild, newBuild, ...others] = [...new Set(commands.map((c) => c.buildId))];
  expect(others).toEqual([]);
  const by = (buildId: string | undefined) =>
    commands.filter((c) => c.buildId === buildId).map((c) => c.command);
  // The patch is asked once, at the start: the new code, replaying the start, keeps checking the input in the
  // workflow, and never records the marker.
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

test('the mixed history replays on both codes; one started on the new code does not replay on the old', async () => {
  await Worker.runReplayHistory({ workflowBundle: await bundleWorkflows() }, history);
  await Worker.runReplayHistory({ workflowBundle: await bundleWorkflowsBeforeNewestPatch() }, history);
  // A generation that took the new path: its invalid input fails research, where the old code failed it before
  // any stage. A worker still on the old code cannot take its tasks during a roll.
  const input = await harness.createArticle({ topic: 'after the deploy', level: 'Z9' as never });
  const invalid = await harness.startGeneration(input, 'rolling-deploy');
  await expect(invalid.result()).rejects.toThrow();
  const newPath = JSON.parse(historyToJSON(await invalid.fetchHistory()));
  expect(commandsOf(newPath).map((c) => c.command)).toEqual([
    'patch:stage-retry-by-time-budget',
    'patch:level-check',
    'patch:comprehension-questions',
    'patch:narration',
    'patch:input-checked-by-stages',
    'research',
    'patch:outcome-as-local-activity',
    'local:recordOutcome',
  ]);
  await Worker.runReplayHistory({ workflowBundle: await bundleWorkflows() }, newPath);
  const replayOnOldCode = Worker.runReplayHistory(
    { workflowBundle: await bundleWorkflowsBeforeNewestPatch() },
    newPath,
  );
  await expect(replayOnOldCode).rejects.toBeInstanceOf(DeterminismViolationError);
});
