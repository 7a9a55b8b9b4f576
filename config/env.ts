import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_STAGE_RETRY, type StageRetry } from '../workflows/stage-retry';
import { ConfigError, flag, withoutEmptyValues } from './config-error';
import {
  checkTemporalSecurity,
  type TemporalSecurity,
  temporalSecurityOf,
  temporalSecurityVariables,
} from './temporal-security';

export { ConfigError };

/** USD per million tokens. */
const priceTableSchema = z.record(
  z.string(),
  z.object({ input: z.number().min(0), output: z.number().min(0) }),
);
export type PriceTable = z.infer<typeof priceTableSchema>;

export interface NarrationSettings {
  espeak: string;
  opusenc: string;
}

const url = z.url({ message: 'expected a URL such as http://localhost:9000' });

const envSchema = z
  .object({
    DATA_DIR: z.string().min(1).default('.data'),
    OPAD_TOOLS_DIR: z.string().min(1).optional(),
    TEMPORAL_ADDRESS: z
      .string()
      .regex(/^[^:\s]+:\d+$/, { message: 'expected host:port, for example localhost:7233' })
      .optional(),
    TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
    OPAD_TEMPORAL: z.enum(['dev', 'server'], { message: 'expected dev or server' }).default('dev'),
    TEMPORAL_HISTORY_SHARDS: z.coerce.number().int().min(1).max(16_384).default(4),
    TEMPORAL_PORT: z.coerce.number().int().min(1).max(65535).default(7233),
    TEMPORAL_UI_PORT: z.coerce.number().int().min(1).max(65535).default(8233),
    TEMPORAL_TASK_QUEUE: z.string().min(1).default('opad-generation'),
    ...temporalSecurityVariables,
    STAGE_RETRY_BUDGET_MS: z.coerce.number().int().min(1_000).default(DEFAULT_STAGE_RETRY.budgetMs),
    STAGE_RETRY_MAX_INTERVAL_MS: z.coerce
      .number()
      .int()
      .min(1_000)
      .default(DEFAULT_STAGE_RETRY.maxIntervalMs),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, { message: 'expected a postgres:// connection URL' })
      .optional(),
    BLOB_BACKEND: z.enum(['fs', 's3'], { message: 'expected fs or s3' }).default('fs'),
    BLOB_DIR: z.string().min(1).optional(),
    S3_ENDPOINT: url.optional(),
    S3_REGION: z.string().min(1).default('us-east-1'),
    S3_BUCKET: z.string().min(3).optional(),
    S3_ACCESS_KEY_ID: z.string().min(1).optional(),
    S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    S3_FORCE_PATH_STYLE: flag.default(true),
    OPENAI_API_KEY: z.string().min(1).optional(),
    OPENAI_BASE_URL: url.optional(),
    LLM_MODEL: z.string().min(1).default('gpt-4o-mini'),
    LLM_MODEL_RESEARCH: z.string().min(1).optional(),
    LLM_MODEL_DRAFT: z.string().min(1).optional(),
    LLM_MODEL_ADAPT: z.string().min(1).optional(),
    LLM_MODEL_QUESTIONS: z.string().min(1).optional(),
    LLM_MODEL_DICTIONARY: z.string().min(1).optional(),
    LLM_IDLE_TIMEOUT_MS: z.coerce.number().int().min(100).default(60_000),
    // A fresh deployment ships with a ceiling: the lowest paid tier of the default model's provider.
    LLM_TOKENS_PER_MINUTE: z.coerce.number().int().min(0).default(200_000),
    LLM_REQUESTS_PER_MINUTE: z.coerce.number().int().min(0).default(0),
    LLM_PRICES: z
      .string()
      .transform((text, ctx) => {
        try {
          return priceTableSchema.parse(JSON.parse(text));
        } catch {
          ctx.addIssue({
            code: 'custom',
            message: 'expected JSON like {"gpt-4o-mini":{"input":0.15,"output":0.6}}',
          });
          return z.NEVER;
        }
      })
      .optional(),
    SERPER_API_KEY: z.string().min(1).optional(),
    SERPER_BASE_URL: url.default('https://google.serper.dev'),
    RESEARCH_MAX_CANDIDATES: z.coerce.number().int().min(1).max(20).default(6),
    FETCH_ALLOW_PRIVATE_NETWORKS: flag.default(false),
    API_PORT: z.coerce.number().int().min(0).max(65535).default(4000),
    WEB_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    API_BODY_LIMIT: z
      .string()
      .regex(/^\d+(b|kb|mb)$/, { message: 'expected a size such as 100kb' })
      .default('100kb'),
    API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(60),
    API_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
    API_TEMPORAL_TIMEOUT_MS: z.coerce.number().int().min(100).default(5_000),
    API_START_RETRY_MAX_MS: z.coerce.number().int().min(100).default(30_000),
    API_RECONCILE_INTERVAL_MS: z.coerce.number().int().min(100).default(15_000),
    API_PROGRESS_REFRESH_MS: z.coerce.number().int().min(100).default(5_000),
    API_STREAMS_PER_USER: z.coerce.number().int().min(1).default(10),
    API_JOBS_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
    API_TRUSTED_PROXIES: z.string().min(1).default('loopback'),
    API_METRICS_TOKEN: z.string().min(16, { message: 'use at least 16 characters' }).optional(),
    API_BUDGET_DAILY_USD: z.coerce.number().min(0).default(2),
    API_BUDGET_DAILY_GENERATIONS: z.coerce.number().int().min(0).default(30),
    API_BUDGET_SERVICE_DAILY_USD: z.coerce.number().min(0).default(50),
    API_BUDGET_SERVICE_DAILY_TOKENS: z.coerce.number().int().min(0).default(20_000_000),
    DICTIONARY_DIR: z.string().min(1).default('/usr/share/dictd'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    NARRATION_ESPEAK: z.string().min(1).default('espeak-ng'),
    NARRATION_OPUSENC: z.string().min(1).default('opusenc'),
    WORKER_ACTIVITY_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(20),
    WORKER_WORKFLOW_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(100),
  })
  .superRefine((env, ctx) => {
    checkTemporalSecurity(env, ctx);
    if (env.BLOB_BACKEND === 's3' && !env.S3_BUCKET) {
      ctx.addIssue({ code: 'custom', path: ['S3_BUCKET'], message: 'required when BLOB_BACKEND=s3' });
    }
    if (Boolean(env.S3_ACCESS_KEY_ID) !== Boolean(env.S3_SECRET_ACCESS_KEY)) {
      ctx.addIssue({
        code: 'custom',
        path: [env.S3_ACCESS_KEY_ID ? 'S3_SECRET_ACCESS_KEY' : 'S3_ACCESS_KEY_ID'],
        message: 'S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set together',
      });
    }
  });

export type S3Settings = {
  endpoint?: string;
  region: string;
  bucket: string;
  forcePathStyle: boolean;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Longest silence on one request (tests shorten it). */
  requestTimeoutMs?: number;
};

export type BlobSettings = { backend: 'fs'; dir: string } | ({ backend: 's3' } & S3Settings);

export type LlmOperation = 'research' | 'draft' | 'adapt' | 'questions' | 'dictionary';

export interface Config {
  dataDir: string;
  toolsDir: string;
  /**
   * Without an address, `npm start` runs Temporal on `devServerPort` with its Web UI on `uiPort`: the CLI's dev
   * server, or with `mode: 'server'` the real server on PostgreSQL with `historyShards` shards.
   */
  temporal: {
    address?: string;
    mode: 'dev' | 'server';
    historyShards: number;
    namespace: string;
    taskQueue: string;
    devServerPort: number;
    uiPort: number;
    /** How long each stage of a generation started now waits out outages; recorded in the workflow input. */
    stageRetry: StageRetry;
    /** TLS and the API key, turned into SDK options by config/temporal-connection.ts. */
    tls?: TemporalSecurity['tls'];
    apiKey?: string;
  };
  databaseUrl?: string;
  blobs: BlobSettings;
  llm: {
    apiKey?: string;
    baseUrl?: string;
    models: Record<LlmOperation, string>;
    /** Overrides of the built-in price table (activities/llm/prices.ts). */
    prices: PriceTable;
    /** A stream that sends nothing for this long is aborted, so a hung provider cannot stall a stage. */
    idleTimeoutMs: number;
    /** One budget per provider and model, shared by every worker and API process; 0: no limit. */
    rateLimit: { tokensPerMinute: number; requestsPerMinute: number };
  };
  search: { apiKey?: string; baseUrl: string; maxCandidates: number; allowPrivateNetworks: boolean };
  worker: { activityConcurrency: number; workflowConcurrency: number };
  /** The offline narration's programs (Debian's espeak-ng and opus-tools), by name on PATH or by path. */
  narration: NarrationSettings;
  api: {
    port: number;
    bodyLimit: string;
    /** Requests per minute and client on the routes that start work (generate, retry, login, register). */
    rateLimitPerMinute: number;
    tokenTtlDays: number;
    /** Every call the API makes to Temporal gives up after this. */
    temporalTimeoutMs: number;
    /** Longest wait between two tries of a workflow start that Temporal did not take. */
    startRetryMaxMs: number;
    /** How often the reconciler repairs generations whose workflow is not running. */
    reconcileIntervalMs: number;
    /** A watched job is read again after this long without a change hint. */
    progressRefreshMs: number;
    /** Open progress streams (SSE) per user and API process. */
    streamsPerUser: number;
    /** GET /jobs requests per minute and user. */
    jobsRateLimitPerMinute: number;
    /** Addresses whose X-Forwarded-For is believed (Express `trust proxy`): the web's own. */
    trustedProxies: string;
    /** Bearer token for /metrics; without one, /metrics answers only on the loopback interface. */
    metricsToken?: string;
    /** Each learner's daily limits (UTC days), unless an operator set their own; 0 means no limit. */
    /** Each learner's daily limits, and the whole service's (accounts are free, so both are needed); 0: none. */
    budget: {
      dailyUsd: number;
      dailyGenerations: number;
      serviceDailyUsd: number;
      serviceDailyTokens: number;
    };
    /** Where Debian installs the offline dictionaries (dictd files of FreeDict and WordNet). */
    dictionaryDir: string;
  };
  web: { port: number };
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

function defaultToolsDir(env: NodeJS.ProcessEnv): string {
  const cacheHome = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(cacheHome, 'opad', 'bin');
}

/** Reads and validates the environment once; throws ConfigError naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const setVariables = withoutEmptyValues(env);
  const parsed = envSchema.safeParse(setVariables);
  if (!parsed.success) throw ConfigError.fromZod(parsed.error);
  const e = parsed.data;
  const dataDir = path.resolve(e.DATA_DIR);
  const credentials =
    e.S3_ACCESS_KEY_ID && e.S3_SECRET_ACCESS_KEY
      ? { accessKeyId: e.S3_ACCESS_KEY_ID, secretAccessKey: e.S3_SECRET_ACCESS_KEY }
      : undefined;
  const blobs: BlobSettings =
    e.BLOB_BACKEND === 's3'
      ? {
          backend: 's3',
          endpoint: e.S3_ENDPOINT,
          region: e.S3_REGION,
          bucket: e.S3_BUCKET as string,
          forcePathStyle: e.S3_FORCE_PATH_STYLE,
          credentials,
        }
      : { backend: 'fs', dir: path.resolve(e.BLOB_DIR ?? path.join(dataDir, 'blobs')) };
  return {
    dataDir,
    toolsDir: path.resolve(e.OPAD_TOOLS_DIR ?? defaultToolsDir(setVariables)),
    temporal: {
      address: e.TEMPORAL_ADDRESS,
      mode: e.OPAD_TEMPORAL,
      historyShards: e.TEMPORAL_HISTORY_SHARDS,
      namespace: e.TEMPORAL_NAMESPACE,
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      devServerPort: e.TEMPORAL_PORT,
      uiPort: e.TEMPORAL_UI_PORT,
      stageRetry: { budgetMs: e.STAGE_RETRY_BUDGET_MS, maxIntervalMs: e.STAGE_RETRY_MAX_INTERVAL_MS },
      ...temporalSecurityOf(e),
    },
    databaseUrl: e.DATABASE_URL,
    blobs,
    llm: {
      apiKey: e.OPENAI_API_KEY,
      baseUrl: e.OPENAI_BASE_URL,
      models: {
        research: e.LLM_MODEL_RESEARCH ?? e.LLM_MODEL,
        draft: e.LLM_MODEL_DRAFT ?? e.LLM_MODEL,
        adapt: e.LLM_MODEL_ADAPT ?? e.LLM_MODEL,
        questions: e.LLM_MODEL_QUESTIONS ?? e.LLM_MODEL,
        dictionary: e.LLM_MODEL_DICTIONARY ?? e.LLM_MODEL,
      },
      prices: e.LLM_PRICES ?? {},
      idleTimeoutMs: e.LLM_IDLE_TIMEOUT_MS,
      rateLimit: { tokensPerMinute: e.LLM_TOKENS_PER_MINUTE, requestsPerMinute: e.LLM_REQUESTS_PER_MINUTE },
    },
    search: {
      apiKey: e.SERPER_API_KEY,
      baseUrl: e.SERPER_BASE_URL,
      maxCandidates: e.RESEARCH_MAX_CANDIDATES,
      allowPrivateNetworks: e.FETCH_ALLOW_PRIVATE_NETWORKS,
    },
    narration: { espeak: e.NARRATION_ESPEAK, opusenc: e.NARRATION_OPUSENC },
    worker: {
      activityConcurrency: e.WORKER_ACTIVITY_CONCURRENCY,
      workflowConcurrency: e.WORKER_WORKFLOW_CONCURRENCY,
    },
    api: {
      port: e.API_PORT,
      bodyLimit: e.API_BODY_LIMIT,
      rateLimitPerMinute: e.API_RATE_LIMIT_PER_MINUTE,
      tokenTtlDays: e.API_TOKEN_TTL_DAYS,
      temporalTimeoutMs: e.API_TEMPORAL_TIMEOUT_MS,
      startRetryMaxMs: e.API_START_RETRY_MAX_MS,
      reconcileIntervalMs: e.API_RECONCILE_INTERVAL_MS,
      progressRefreshMs: e.API_PROGRESS_REFRESH_MS,
      streamsPerUser: e.API_STREAMS_PER_USER,
      jobsRateLimitPerMinute: e.API_JOBS_RATE_LIMIT_PER_MINUTE,
      trustedProxies: e.API_TRUSTED_PROXIES,
      metricsToken: e.API_METRICS_TOKEN,
      budget: {
        dailyUsd: e.API_BUDGET_DAILY_USD,
        dailyGenerations: e.API_BUDGET_DAILY_GENERATIONS,
        serviceDailyUsd: e.API_BUDGET_SERVICE_DAILY_USD,
        serviceDailyTokens: e.API_BUDGET_SERVICE_DAILY_TOKENS,
      },
      dictionaryDir: path.resolve(e.DICTIONARY_DIR),
    },
    web: { port: e.WEB_PORT },
    logLevel: e.LOG_LEVEL,
  };
}
