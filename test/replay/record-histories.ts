import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { ensureBinary } from '../../stack/tools';
import { AT_B1, adaptReply, TOO_HARD } from '../fixtures/level-texts';
import { PipelineHarness } from '../helpers/pipeline-harness';
import { generateAcrossDeploy } from '../helpers/rolling-deploy';
import { HISTORIES_DIR } from './histories';

/**
 * Records real runs of generateArticle for the replay test: a happy path, a run that waited out an LLM outage,
 * a run whose retry budget ran out, a run that failed at adapt followed by its retry, a run whose text the
 * level check sent back once, a run whose questions failed and that was published without them, a run whose
 * narration failed and that was published without audio, a run cancelled during its draft, a run whose input
 * its first stage found invalid, and a run started on the code before the newest patch that a rolling deploy
 * moved to the current code (test/helpers/rolling-deploy.ts). Run with `npm run record-histories` after an
 * intended change to the workflow. It writes the `input-checked-*` files; the `before-time-budget-*` files
 * (recorded before the patch `stage-retry-by-time-budget`), the `time-budget-*` files (before the patch
 * `level-check`), the `level-check-*` files (before the patch `comprehension-questions`), the `questions-*`
 * files (before the patch `narration`), the `narration-*` files (before the patch `outcome-as-local-activity`)
 * and the `local-outcome-*` files (before the patch `input-checked-by-stages`; its `invalid-input` run was
 * recorded on that code when the patch was written, to replay the workflow's own check of the input) stay, so
 * that the generations started before each patch keep replaying. The next patch gets a new prefix here, and the
 * rolling deploy's code-before-patch bundle then declines that patch instead
 * (test/fixtures/workflows/before-newest-patch.ts).
 */
const PREFIX = 'input-checked';
async function record(): Promise<void> {
  const harness = await new PipelineHarness().start();
  try {
    await harness.startWorker();
    const temporal = await ensureBinary('temporal');
    // Exported the way an operator would, with `temporal workflow show --output json`.
    const save = async (name: string, handle: WorkflowHandleWithFirstExecutionRunId) => {
      const json = execFileSync(temporal, [
        'workflow',
        'show',
        '--address',
        harness.temporalAddress,
        '--workflow-id',
        handle.workflowId,
        '--run-id',
        handle.firstExecutionRunId,
        '--output',
        'json',
      ]);
      fs.writeFileSync(path.join(HISTORIES_DIR, `${PREFIX}-${name}.json`), json);
      console.log(`recorded ${PREFIX}-${name}`);
    };

    const happy = await harness.startGeneration(await harness.createArticle());
    await happy.result();
    await save('happy-path', happy);

    // Waiting shows in the search attribute OpadWaitingOn, set at the first 503 and cleared when draft completes.
    harness.llm.injectFault('draft', { kind: 'status', status: 503 }, 3);
    const waited = await harness.startGeneration(await harness.createArticle({ topic: 'wind' }));
    await waited.result();
    await save('waited-out-outage', waited);

    harness.llm.setOutage({ kind: 'status', status: 503 });
    const doomed = await harness.createArticle({ topic: 'tides' });
    doomed.retry = { budgetMs: 3_000, maxIntervalMs: 1_000 };
    const gaveUp = await harness.startGeneration(doomed);
    await gaveUp.result().catch(() => undefined);
    harness.llm.setOutage(undefined);
    await save('gave-up-after-budget', gaveUp);

    harness.llm.injectFault('adapt', { kind: 'status', status: 500 });
    harness.llm.injectFault('adapt', { kind: 'status', status: 401 });
    const input = await harness.createArticle({ language: 'de', level: 'A2', topic: 'Solarenergie' });
    const failed = await harness.startGeneration(input);
    await failed.result().catch(() => undefined);
    await save('failed-at-adapt', failed);
    const retried = await harness.retryGeneration(input);
    await retried.result();
    await save('retried-after-failure', retried);

    let adaptCalls = 0;
    harness.llm.setResponder('adapt', () => adaptReply(++adaptCalls === 1 ? TOO_HARD : AT_B1));
    const revised = await harness.startGeneration(
      await harness.createArticle({ level: 'B1', topic: 'solar' }),
    );
    await revised.result();
    await save('revised-for-level', revised);

    harness.llm.setResponder('adapt', () => adaptReply(AT_B1));
    harness.llm.injectFault('questions', { kind: 'status', status: 401 });
    const noQuestions = await harness.startGeneration(await harness.createArticle({ topic: 'no questions' }));
    await noQuestions.result();
    await save('published-without-questions', noQuestions);

    const brokenNarration = 'record-no-narration';
    await harness.startWorker({
      taskQueue: brokenNarration,
      env: { NARRATION_ESPEAK: '/nonexistent/espeak-ng' },
    });
    const noAudio = await harness.startGeneration(
      await harness.createArticle({ topic: 'no audio' }),
      brokenNarration,
    );
    await noAudio.result();
    await save('published-without-audio', noAudio);

    // The runs below start from a plain fake LLM: the responders and faults above were for their own runs.
    harness.llm.reset();
    harness.llm.setChunkDelay('draft', 5_000);
    const cancelled = await harness.startGeneration(await harness.createArticle({ topic: 'cancelled' }));
    await harness.llm.waitForRequests('draft');
    await cancelled.cancel();
    await cancelled.result().catch(() => undefined);
    harness.llm.setChunkDelay('draft', 0);
    await save('cancelled', cancelled);

    // The stages check the input: the first one fails at once, calls nothing, and is not retried.
    const invalid = await harness.startGeneration(
      await harness.createArticle({ length: 50_000, level: 'Z9' as never, topic: 'invalid' }),
    );
    await invalid.result().catch(() => undefined);
    await save('invalid-input', invalid);

    const { handle: deployed } = await generateAcrossDeploy(harness, 'record-rolling-deploy');
    await deployed.result();
    await save('started-before-the-patch', deployed);
  } finally {
    await harness.close();
  }
}

record().catch((error) => {
  console.error(error);
  process.exit(1);
});
