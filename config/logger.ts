import { inspect } from 'node:util';
import pino, { type Logger } from 'pino';
import { scrubSecrets } from './secrets';

export { rememberSecret, scrubSecrets } from './secrets';

/** Fields that hold a secret wherever they appear in a log object. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  'password',
  'token',
  'apiKey',
  '*.password',
  '*.newPassword',
  '*.currentPassword',
  '*.token',
  '*.apiKey',
  '*.secretAccessKey',
  '*.databaseUrl',
];

function scrubDeep(value: unknown): unknown {
  if (typeof value === 'string') return scrubSecrets(value);
  if (Array.isArray(value)) return value.map(scrubDeep);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, scrubDeep(entry)]));
  return value;
}

/** The logger of every opad process: secrets are removed by field and by shape before a line is written. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: { err: (error: Error) => scrubDeep(pino.stdSerializers.err(error)) },
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map((arg) => (typeof arg === 'string' ? scrubSecrets(arg) : arg)) as never);
      },
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** One SDK log line, as the Temporal SDK's default logger prints it, with secrets removed. */
export function formatSdkLogLine(entry: { level: string; message: string; meta?: unknown }): string {
  const meta =
    entry.meta && Object.keys(entry.meta).length > 0 ? ` ${inspect(entry.meta, { depth: 4 })}` : '';
  return scrubSecrets(`${new Date().toISOString()} [${entry.level}] ${entry.message}${meta}`);
}
