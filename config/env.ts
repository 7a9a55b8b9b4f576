import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

/** Raised at start-up when the environment is wrong; its message names every bad variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'expected true or false' })
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

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
    TEMPORAL_PORT: z.coerce.number().int().min(1).max(65535).default(7233),
    TEMPORAL_UI_PORT: z.coerce.number().int().min(1).max(65535).default(8233),
    TEMPORAL_TASK_QUEUE: z.string().min(1).default('opad-generation'),
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
  })
  .superRefine((env, ctx) => {
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
};

export type BlobSettings = { backend: 'fs'; dir: string } | ({ backend: 's3' } & S3Settings);

export interface Config {
  dataDir: string;
  toolsDir: string;
  /** Without an address, `npm start` runs the dev server on `devServerPort` with its Web UI on `uiPort`. */
  temporal: { address?: string; namespace: string; taskQueue: string; devServerPort: number; uiPort: number };
  databaseUrl?: string;
  blobs: BlobSettings;
}

function describeIssues(error: z.ZodError): string {
  const lines = error.issues.map((issue) => `  ${issue.path.join('.') || '(environment)'}: ${issue.message}`);
  return `opad cannot start, the environment has errors:\n${lines.join('\n')}`;
}

function defaultToolsDir(env: NodeJS.ProcessEnv): string {
  const cacheHome = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(cacheHome, 'opad', 'bin');
}

/** Reads and validates the environment once; throws ConfigError naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable means "not set", as in most shells' `VAR= command`.
  const setVariables = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = envSchema.safeParse(setVariables);
  if (!parsed.success) throw new ConfigError(describeIssues(parsed.error));
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
      namespace: e.TEMPORAL_NAMESPACE,
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      devServerPort: e.TEMPORAL_PORT,
      uiPort: e.TEMPORAL_UI_PORT,
    },
    databaseUrl: e.DATABASE_URL,
    blobs,
  };
}
