import type { Migration, MigrationProvider } from 'kysely';
import * as initial from './0001_initial';
import * as dictionary from './0002_dictionary';
import * as acceptAndRecovery from './0003_accept_and_recovery';
import * as abuseLimits from './0004_abuse_limits';
import * as usageAccounting from './0005_usage_accounting';
import * as budgets from './0006_budgets';
import * as llmRateLimits from './0007_llm_rate_limits';
import * as measuredLevel from './0008_measured_level';
import * as questionAnswers from './0009_question_answers';
import * as dailyLoop from './0010_daily_loop';
import * as verifiedStarts from './0011_verified_starts';
import * as seenInContext from './0013_seen_in_context';

/** Every migration, in order. Listed statically so bundlers and ts runners need no folder scan. */
const migrations: Record<string, Migration> = {
  '0001_initial': initial,
  '0002_dictionary': dictionary,
  '0003_accept_and_recovery': acceptAndRecovery,
  '0004_abuse_limits': abuseLimits,
  '0005_usage_accounting': usageAccounting,
  '0006_budgets': budgets,
  '0007_llm_rate_limits': llmRateLimits,
  '0008_measured_level': measuredLevel,
  '0009_question_answers': questionAnswers,
  '0010_daily_loop': dailyLoop,
  '0011_verified_starts': verifiedStarts,
  '0013_seen_in_context': seenInContext,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
