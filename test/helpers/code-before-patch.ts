import path from 'node:path';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { bundleWorkflows } from '../../worker/create-worker';

const SDK_BEFORE_LOCAL_OUTCOME = path.resolve(__dirname, '../fixtures/workflows/before-local-outcome.ts');

/**
 * The workflow bundle of the code before the patch outcome-as-local-activity: today's source, bundled with a
 * `@temporalio/workflow` whose `patched` answers false for that patch and records no marker. Every other command
 * is the current code's, so the bundle issues exactly the commands the code before the patch issued. Its build
 * ID (a checksum of the bundle) differs from the current code's, as a real older release's would.
 */
export function bundleWorkflowsBeforeLocalOutcome(): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflows({
    webpackConfigHook: (config) => ({
      ...config,
      resolve: {
        ...config.resolve,
        // `$`: only the bare module; the shim itself reaches the SDK through `@temporalio/workflow/lib/index`.
        alias: { ...config.resolve?.alias, '@temporalio/workflow$': SDK_BEFORE_LOCAL_OUTCOME },
      },
    }),
  });
}
