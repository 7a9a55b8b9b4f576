import {
  type BundleOptions,
  bundleWorkflowCode,
  DefaultLogger,
  type NativeConnection,
  Worker,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import { type Activities, type ActivityDeps, createActivities } from '../activities';
import type { Config } from '../config/env';

/**
 * Bundles the workflow code once; every worker in the process reuses the bundle. The rolling-deploy tests pass a
 * webpack hook to build the code as it was before a patch (test/helpers/code-before-patch.ts).
 */
export function bundleWorkflows(
  options: Pick<BundleOptions, 'webpackConfigHook'> = {},
): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({
    workflowsPath: require.resolve('../workflows'),
    logger: new DefaultLogger('WARN'),
    ...options,
  });
}

export interface WorkerOptions {
  config: Pick<Config, 'temporal' | 'worker'>;
  connection: NativeConnection;
  deps: ActivityDeps;
  workflowBundle: WorkflowBundleWithSourceMap;
  /** Tests wrap the real activities, for example to hold one at a chosen moment. */
  wrapActivities?: (activities: Activities) => Activities;
}

export function createWorker({
  config,
  connection,
  deps,
  workflowBundle,
  wrapActivities = (activities) => activities,
}: WorkerOptions): Promise<Worker> {
  return Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    workflowBundle,
    activities: wrapActivities(createActivities(deps)),
    maxConcurrentActivityTaskExecutions: config.worker.activityConcurrency,
    maxConcurrentWorkflowTaskExecutions: config.worker.workflowConcurrency,
    // Heartbeats reach the server within a second, so a cancel stops an LLM call about as fast. The SDK's
    // default (one per 8 s) would save server writes; decision record 021 says why it is not used yet.
    maxHeartbeatThrottleInterval: '1 second',
    defaultHeartbeatThrottleInterval: '1 second',
    shutdownGraceTime: '20 seconds',
  });
}
