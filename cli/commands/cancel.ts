import type { Accepted } from '../../contracts/api-types';
import type { Context } from '../context';
import { CliError, EXIT } from '../errors';
import { followJob } from '../follow';
import { parseJobRef } from '../ids';
import { println } from '../io';

/**
 * Asks the job to stop. The running stage ends its LLM call first, so the job shows `cancelled` a moment later;
 * --wait waits for that.
 */
export async function cancel(
  ctx: Context,
  id: string,
  options: { json?: boolean; wait?: boolean },
): Promise<number> {
  const ref = parseJobRef(id);
  const api = ctx.api();
  const accepted = await api.post<Accepted>(`/articles/${ref.articleId}/cancel`);
  if (options.json) println(ctx.io.out, JSON.stringify(accepted));
  else println(ctx.io.out, `cancelling job ${accepted.jobId}`);
  if (!options.wait) {
    if (!options.json) println(ctx.io.out, `\`opad status ${ref.articleId}\` shows when it has stopped`);
    return EXIT.ok;
  }
  const final = await followJob(api, ref.jobId, () => {});
  if (options.json) println(ctx.io.out, JSON.stringify({ type: 'result', ...ref, status: final.status }));
  if (final.status === 'cancelled') {
    if (!options.json) println(ctx.io.out, `job ${ref.jobId} is cancelled`);
    return EXIT.ok;
  }
  throw new CliError(`the job ended ${final.status} before it could be cancelled`);
}
