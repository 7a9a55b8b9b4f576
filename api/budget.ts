import type { Config } from '../config/env';
import { formatSpan } from '../contracts/waiting';
import type { Db } from '../db/connect';
import { dayOfUse } from '../db/queries/budget';
import { HttpError } from './errors';

/** A learner's day: what they used, their limits (null: none), and when the day resets (00:00 UTC). */
export interface BudgetView {
  spentTodayUsd: number;
  dailyUsd: number | null;
  generationsToday: number;
  dailyGenerations: number | null;
  resetsAt: string;
}

/** What a budget check reads; the worker's daily story passes the same, so both paths refuse alike. */
export interface BudgetDeps {
  db: Db;
  config: { api: Pick<Config['api'], 'budget'> };
}

const DAY_MS = 86_400_000;

function dayStart(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

/** A limit of 0 means none. */
const limit = (own: number | null, configured: number) => {
  const value = own ?? configured;
  return value > 0 ? value : null;
};

/** The whole service's day, against its caps (null: none). */
interface ServiceDay {
  spentUsd: number;
  dailyUsd: number | null;
  tokens: number;
  dailyTokens: number | null;
}

async function dayOf(deps: BudgetDeps, owner: string, now: Date) {
  const start = dayStart(now);
  const use = await dayOfUse(deps.db, owner, start);
  const configured = deps.config.api.budget;
  const budget: BudgetView = {
    spentTodayUsd: Math.round(use.spentUsd * 1e6) / 1e6,
    dailyUsd: limit(use.ownDailyUsd, configured.dailyUsd),
    generationsToday: use.generations,
    dailyGenerations: limit(use.ownDailyGenerations, configured.dailyGenerations),
    resetsAt: new Date(start.getTime() + DAY_MS).toISOString(),
  };
  const service: ServiceDay = {
    spentUsd: use.serviceSpentUsd,
    dailyUsd: limit(null, configured.serviceDailyUsd),
    tokens: use.serviceTokens,
    dailyTokens: limit(null, configured.serviceDailyTokens),
  };
  return { budget, service };
}

export async function budgetOf(deps: BudgetDeps, owner: string, now = new Date()): Promise<BudgetView> {
  return (await dayOf(deps, owner, now)).budget;
}

function untilReset(budget: BudgetView, now: Date): string {
  // Whole minutes, rounded up: never "in 0 min" before the reset.
  const minutes = Math.max(1, Math.ceil((Date.parse(budget.resetsAt) - now.getTime()) / 60_000));
  return `it resets at 00:00 UTC, in ${formatSpan(minutes * 60_000)}`;
}

function exceeded(budget: BudgetView, reason: string, now: Date): HttpError {
  const seconds = Math.ceil((Date.parse(budget.resetsAt) - now.getTime()) / 1000);
  return new HttpError(429, 'budget_exceeded', `${reason}; ${untilReset(budget, now)}`, budget, {
    'Retry-After': String(seconds),
  });
}

const usd = (value: number) => `$${value.toFixed(2)}`;

/**
 * Refuses new spending once today's budget, or the service's, is used up. A generation already running is never
 * stopped: the budget is checked only when something new would start. `generation` also counts today's
 * generations, retries included.
 */
export async function assertWithinBudget(
  deps: BudgetDeps,
  owner: string,
  kind: 'generation' | 'spend',
  now = new Date(),
): Promise<void> {
  const { budget, service } = await dayOf(deps, owner, now);
  // Accounts are free, so every learner's budget together bounds nothing: the service has caps of its own.
  if (
    (service.dailyUsd !== null && service.spentUsd >= service.dailyUsd) ||
    (service.dailyTokens !== null && service.tokens >= service.dailyTokens)
  ) {
    throw exceeded(budget, "opad has used today's spending limit for all learners", now);
  }
  if (budget.dailyUsd !== null && budget.spentTodayUsd >= budget.dailyUsd) {
    throw exceeded(
      budget,
      `Your daily budget of ${usd(budget.dailyUsd)} is spent (${usd(budget.spentTodayUsd)} today)`,
      now,
    );
  }
  if (
    kind === 'generation' &&
    budget.dailyGenerations !== null &&
    budget.generationsToday >= budget.dailyGenerations
  ) {
    throw exceeded(budget, `You have made your ${budget.dailyGenerations} generations for today`, now);
  }
}
