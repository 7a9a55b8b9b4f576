import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { BlobStore } from '../activities/storage';
import type { Config } from '../config/env';
import type { Db } from '../db/connect';
import type { ApiMetrics } from './metrics';

export interface ApiDeps {
  config: Pick<Config, 'api' | 'temporal'>;
  db: Db;
  temporal: Client;
  blobs: BlobStore;
  logger: Logger;
  metrics: ApiMetrics;
}
