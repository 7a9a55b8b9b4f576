import type { Context } from '../context';
import { UsageError } from '../errors';
import { workflowIdOf } from '../ids';
import { println } from '../io';

/** Where `npm start` serves the Web UI, and where the compose operator overlay publishes it (loopback only). */
export const DEFAULT_TEMPORAL_UI_URL = 'http://127.0.0.1:8233';

function baseUrlOf(value: string, source: string): string {
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.toString().replace(/\/+$/, '');
  } catch {}
  throw new UsageError(`${source} must be an http:// or https:// URL; got "${value}"`);
}

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
    ? baseUrlOf(options.url, '--url')
    : baseUrlOf(env.TEMPORAL_UI_URL || DEFAULT_TEMPORAL_UI_URL, 'TEMPORAL_UI_URL');
  const namespace = `${base}/namespaces/${encodeURIComponent(ctx.settings.namespace)}/workflows`;
  println(ctx.io.out, id ? `${namespace}/${encodeURIComponent(workflowIdOf(id))}` : namespace);
  return 0;
}
