import { createHash } from 'node:crypto';
import { type AcceptOutcome, acceptArticle } from '../db/queries/accept';
import type { ArticleRequest } from '../workflows/input';
import { assertWithinBudget, type BudgetDeps } from './budget';

export interface AcceptOptions {
  idempotencyKey?: string;
  force: boolean;
  /** The start request is claimed by the caller for this long; 0 leaves it to any API process's starter. */
  leaseMs: number;
}

/**
 * `force` is part of the request: the same key with and without it are two different requests. It is hashed
 * only when set, so keys stored before it counted still match their replays.
 */
const requestHash = (request: ArticleRequest, force: boolean) =>
  createHash('sha256')
    .update(
      JSON.stringify([
        request.language,
        request.level,
        request.length,
        request.topic,
        ...(force ? ['force'] : []),
      ]),
    )
    .digest('hex');

/**
 * The accept path of a generation, shared by `POST /articles` and the daily story: the article row, its
 * idempotency key and its start request in one transaction, refused (429) past the learner's daily budget.
 */
export function acceptRequest(
  deps: BudgetDeps,
  owner: string,
  request: ArticleRequest,
  options: AcceptOptions,
): Promise<AcceptOutcome> {
  return acceptArticle(deps.db, {
    owner,
    request,
    requestHash: requestHash(request, options.force),
    idempotencyKey: options.idempotencyKey,
    force: options.force,
    leaseMs: options.leaseMs,
    // Only a request that would start a generation is refused; requests for different topics at the same
    // moment may still both pass the last free place.
    beforeCreate: (trx) => assertWithinBudget({ db: trx, config: deps.config }, owner, 'generation'),
  });
}
