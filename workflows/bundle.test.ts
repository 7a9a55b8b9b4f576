import vm from 'node:vm';
import { bundleWorkflows } from '../worker/create-worker';

/**
 * The reusable VM evaluates the bundle's workflow modules afresh for every workflow it creates, so what they
 * import is paid per generation. zod is not among them (patch input-checked-by-stages): only the old path of
 * generations started before that patch requires ./input, and with it zod.
 */
test('creating a workflow evaluates no zod and no input schema; the old path still finds them in the bundle', async () => {
  const { code } = await bundleWorkflows();
  // The bundle keeps its modules in this global (as the reusable VM provides it), so its keys are the modules
  // evaluated so far.
  const evaluated: Record<string, unknown> = {};
  const context = vm.createContext({ __webpack_module_cache__: evaluated });
  vm.runInContext(code, context);
  (context.__TEMPORAL__ as { importWorkflows: () => unknown }).importWorkflows();
  const modules = Object.keys(evaluated);
  expect(modules).toEqual(
    expect.arrayContaining(['./workflows/generate-article.ts', './workflows/daily-story.ts']),
  );
  expect(modules.filter((id) => /zod|workflows\/input|contracts\//.test(id))).toEqual([]);
  expect(code).toContain('"./workflows/input.ts"');
  expect(code).toContain('"./node_modules/zod/');
});
