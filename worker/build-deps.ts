import { Client, Connection } from '@temporalio/client';
import type { ActivityDeps } from '../activities';
import { LlmClient } from '../activities/llm/llm-client';
import { sharedLlmLimiter } from '../activities/llm/rate-limit';
import { SerperNewsSearch } from '../activities/search/news-search';
import { openBlobStore } from '../activities/storage';
import { type Config, ConfigError } from '../config/env';
import { temporalConnectionOptions } from '../config/temporal-connection';
import { APPLICATION_NAMES, connectDb } from '../db/connect';

export interface BuiltDeps {
  deps: ActivityDeps;
  close(): Promise<void>;
}

/** Opens every connection the activities need; `close` releases them after the worker has drained. */
export async function buildActivityDeps(
  config: Config,
  temporalAddress: string,
  databaseUrl: string,
): Promise<BuiltDeps> {
  if (!config.search.apiKey) {
    throw new ConfigError('SERPER_API_KEY is not set: the research stage needs a news search provider.');
  }
  if (!config.llm.apiKey) {
    throw new ConfigError('OPENAI_API_KEY is not set: the draft and adapt stages need an LLM.');
  }
  const db = connectDb(databaseUrl, config.worker.activityConcurrency + 2, APPLICATION_NAMES.worker);
  const blobs = await openBlobStore(config.blobs);
  const connection = await Connection.connect(
    temporalConnectionOptions({ ...config.temporal, address: temporalAddress }),
  );
  return {
    deps: {
      db,
      blobs,
      llm: new LlmClient(config.llm, sharedLlmLimiter(db, config.llm.rateLimit)),
      search: new SerperNewsSearch({ apiKey: config.search.apiKey, baseUrl: config.search.baseUrl }),
      temporal: new Client({ connection, namespace: config.temporal.namespace }),
      prices: config.llm.prices,
      config: { api: { budget: config.api.budget } },
      research: {
        maxCandidates: config.search.maxCandidates,
        allowPrivateNetworks: config.search.allowPrivateNetworks,
      },
      narration: config.narration,
    },
    close: async () => {
      await connection.close();
      await db.destroy();
    },
  };
}
