import path from 'node:path';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { bundleWorkflows } from '../../worker/create-worker';

export { DECLINED_PATCH } from '../fixtures/workflows/before-newest-patch';

const SDK_BEFORE_NEWEST_PATCH = path.resolve(__dirname, '../fixtures/workflows/before-newest-patch.ts');

/**
 * The workflow bundle of the code before the newest patch (DECLINED_PATCH, now input-checked-by-stages): today's
 * source, bundled with a `@temporalio/workflow` whose `patched` answers false for that patch and records no
 * marker. Every other command is the current code's, so the bundle issues exactly the commands the code before
 * the patch issued. Its build ID (a checksum of the bundle) differs from the current code's, as a real older
 * release's would.
 */
export function bundleWorkflowsBeforeNewestPatch(): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflows({
    webpackConfigHook: (config) => ({
      ...config,
      resolve: {
        ...config.resolve,
        // `$`: only the bare module; the shim itself reaches the SDK through `@temporalio/workflow/lib/index`.
        alias: { ...config.resolve?.alias, '@temporalio/workflow$': SDK_BEFORE_NEWEST_PATCH },
      },
    }),
  });
}
