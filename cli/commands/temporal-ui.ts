import type { Context } from '../context';
import { workflowIdOf } from '../ids';
import { println } from '../io';
import { httpUrlOf } from '../settings';

/** Where `npm start` serves the Web UI, and where the compose operator overlay publishes it (loopback only). */
export const DEFAULT_TEMPORAL_UI_URL = 'http://127.0.0.1:8233';

/**
 * Prints the Temporal Web UI's address for a workflow, or for the namespace. Learners never get this link: the UI
 * shows every learner's runs and can cancel them, so it is reached only by operators, through a tunnel or a
 * proxy that authenticates them (docs/operations.md).
 */
export async function temporalUi(
  ctx: Context,
  id: string | undefined,
  options: { url?: string },
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const base = options.url
    ? httpUrlOf(options.url, '--url', DEFAULT_TEMPORAL_UI_URL)
    : httpUrlOf(env.TEMPORAL_UI_URL || DEFAULT_TEMPORAL_UI_URL, 'TEMPORAL_UI_URL', DEFAULT_TEMPORAL_UI_URL);
  const namespace = `${base}/namespaces/${encodeURIComponent(ctx.settings.namespace)}/workflows`;
  println(ctx.io.out, id ? `${namespace}/${encodeURIComponent(workflowIdOf(id))}` : namespace);
  return 0;
}
