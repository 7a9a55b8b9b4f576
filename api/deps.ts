import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { LlmClient } from '../activities/llm/llm-client';
import type { BlobStore } from '../activities/storage';
import type { Config, PriceTable } from '../config/env';
import type { Db } from '../db/connect';
import type { Limits } from './limits';
import type { ApiMetrics } from './metrics';
import type { OfflineDictionary } from './offline-dictionary';
import type { ProgressHub, Starter } from './orchestration';

export interface ApiDeps {
  config: Pick<Config, 'api' | 'temporal'>;
  db: Db;
  temporal: Client;
  blobs: BlobStore;
  logger: Logger;
  metrics: ApiMetrics;
  /** For dictionary lookups, the only LLM work done inside a request. */
  llm: LlmClient;
  /** Dictionaries on this machine, asked before the model. */
  dictionary: OfflineDictionary;
  prices: PriceTable;
  /** Starts committed generations on Temporal, right away or, when that fails, later. */
  starter: Starter;
  /** Shared progress readers: one per watched job, whoever watches it. */
  progress: ProgressHub;
  /** Abuse limits shared by every API process (their state is in PostgreSQL). */
  limits: Limits;
}
