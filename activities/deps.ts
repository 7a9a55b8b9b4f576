import type { Client } from '@temporalio/client';
import type { Config, NarrationSettings, PriceTable } from '../config/env';
import type { Db } from '../db/connect';
import type { LlmClient } from './llm/llm-client';
import type { NewsSearch } from './search/news-search';
import type { BlobStore } from './storage';

/** Everything the activities touch, built once per worker process. */
export interface ActivityDeps {
  db: Db;
  blobs: BlobStore;
  llm: LlmClient;
  search: NewsSearch;
  /** Used only to report attempts to the running workflow. */
  temporal: Client;
  prices: PriceTable;
  research: { maxCandidates: number; allowPrivateNetworks: boolean };
  narration: NarrationSettings;
  /** The learners' daily budgets, which a daily story's accept checks as `POST /articles` does. */
  config: { api: Pick<Config['api'], 'budget'> };
}
