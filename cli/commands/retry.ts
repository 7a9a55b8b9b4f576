import type { Accepted } from '../../contracts/api-types';
import type { Context } from '../context';
import { EXIT } from '../errors';
import { parseJobRef } from '../ids';
import { println } from '../io';
import { watchJob } from '../outcome';
import { viewModeOf } from '../progress-view';

/** Starts a new run of a failed or cancelled job; it resumes at the stage that failed. */
export async function retry(
  ctx: Context,
  id: string,
  options: { json?: boolean; wait: boolean },
): Promise<number> {
  const ref = parseJobRef(id);
  const api = ctx.api();
  const accepted = await api.post<Accepted>(`/articles/${ref.articleId}/retry`);
  if (!options.wait) {
    if (options.json) println(ctx.io.out, JSON.stringify(accepted));
    else println(ctx.io.out, `retrying job ${accepted.jobId}; \`opad watch ${ref.articleId}\` follows it`);
    return EXIT.ok;
  }
  return watchJob(api, ctx.io, viewModeOf(ctx.io, options.json), ref);
}
