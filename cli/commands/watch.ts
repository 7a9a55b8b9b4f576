import type { Context } from '../context';
import { parseJobRef } from '../ids';
import { watchJob } from '../outcome';
import { viewModeOf } from '../progress-view';

/** Follows a job until it stops; exits like `opad generate` would have: 0 completed, 1 failed or cancelled. */
export function watch(ctx: Context, id: string, options: { json?: boolean }): Promise<number> {
  return watchJob(ctx.api(), ctx.io, viewModeOf(ctx.io, options.json), parseJobRef(id));
}
