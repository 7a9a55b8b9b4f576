import { randomUUID } from 'node:crypto';
import type { Accepted } from '../../contracts/api-types';
import { ApiError, ApiUnreachableError } from '../api-client';
import type { Context } from '../context';
import { CliError, EXIT } from '../errors';
import { println } from '../io';
import { watchJob } from '../outcome';
import { viewModeOf } from '../progress-view';

export interface GenerateOptions {
  language: string;
  level: string;
  length: number;
  topic: string;
  force?: boolean;
  json?: boolean;
  wait: boolean;
}

const RETRY_DELAYS_MS = [1_000, 3_000];
/** Nothing was sent when the connection was refused or the host is unknown; sending again won't help. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * A lost answer or a 503 ("send the same request again shortly") is safe to retry: the Idempotency-Key is the
 * same on every attempt, so the API answers with the article the first attempt made.
 */
async function postWithRetries(send: () => Promise<Accepted>): Promise<Accepted> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await send();
    } catch (error) {
      const retryable =
        (error instanceof ApiUnreachableError && !NOT_SENT.has(error.code ?? '')) ||
        (error instanceof ApiError && error.status === 503);
      const delay = RETRY_DELAYS_MS[attempt];
      if (!retryable || delay === undefined) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

/** A 409 means the same inputs less than 24 h ago; the person either wants that job or a new one. */
function duplicateError(error: ApiError): CliError {
  const existing = error.details as Partial<Accepted> | undefined;
  const job = existing?.jobId ? `job ${existing.jobId}${existing.status ? ` (${existing.status})` : ''}` : '';
  return new CliError(`you asked for the same article less than 24 hours ago${job ? `: ${job}` : ''}`, [
    ...(existing?.articleId ? [`\`opad watch ${existing.articleId}\` follows that job`] : []),
    'add --force to generate a new article anyway',
  ]);
}

export async function generate(ctx: Context, options: GenerateOptions): Promise<number> {
  const api = ctx.api();
  const idempotencyKey = randomUUID();
  const body = {
    language: options.language,
    level: options.level,
    length: options.length,
    topic: options.topic,
  };
  let accepted: Accepted;
  try {
    accepted = await postWithRetries(() =>
      api.post<Accepted>('/articles', body, {
        headers: { 'idempotency-key': idempotencyKey },
        query: { force: options.force ? 'true' : undefined },
      }),
    );
  } catch (error) {
    if (error instanceof ApiError && error.status === 409 && error.code === 'duplicate_request')
      throw duplicateError(error);
    throw error;
  }
  if (!options.wait) {
    if (options.json) println(ctx.io.out, JSON.stringify(accepted));
    else {
      println(ctx.io.out, `started job ${accepted.jobId} (article ${accepted.articleId})`);
      println(ctx.io.out, `\`opad watch ${accepted.articleId}\` follows it`);
    }
    return EXIT.ok;
  }
  return watchJob(api, ctx.io, viewModeOf(ctx.io, options.json), accepted);
}
