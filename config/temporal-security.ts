import path from 'node:path';
import { z } from 'zod';
import { ConfigError, flag, withoutEmptyValues } from './config-error';
import { rememberSecret } from './secrets';

/**
 * How opad proves who it is to Temporal and checks who Temporal is. Present only when the connection uses TLS;
 * files are paths here and read by temporalConnectionOptions, so a Config never holds key material.
 */
export interface TemporalTlsSettings {
  /** PEM CA certificate(s) the server's certificate must chain to; without one, the system's CAs. */
  caFile?: string;
  /** PEM client certificate and its private key, for mutual TLS. */
  certFile?: string;
  keyFile?: string;
  /** The name the server's certificate must carry, when it is not the host of the address. */
  serverName?: string;
}

export interface TemporalSecurity {
  tls?: TemporalTlsSettings;
  /** A Temporal Cloud API key, sent as a bearer token; only ever over TLS. */
  apiKey?: string;
}

const pemFile = z.string().min(1);

/** The environment variables of TemporalSecurity, part of config/env.ts's schema and read alone by the CLI. */
export const temporalSecurityVariables = {
  TEMPORAL_TLS: flag.optional(),
  TEMPORAL_TLS_CA: pemFile.optional(),
  TEMPORAL_TLS_CERT: pemFile.optional(),
  TEMPORAL_TLS_KEY: pemFile.optional(),
  TEMPORAL_TLS_SERVER_NAME: z
    .string()
    .regex(/^[A-Za-z0-9.-]+$/, { message: 'expected a host name, for example temporal.internal' })
    .optional(),
  // The message never repeats the value: it is a secret.
  TEMPORAL_API_KEY: z
    .string()
    .regex(/^\S+$/, { message: 'must not contain spaces or line breaks' })
    .optional(),
};

type SecurityVariables = z.infer<z.ZodObject<typeof temporalSecurityVariables>>;

const TLS_VARIABLES = [
  'TEMPORAL_TLS_CA',
  'TEMPORAL_TLS_CERT',
  'TEMPORAL_TLS_KEY',
  'TEMPORAL_TLS_SERVER_NAME',
  'TEMPORAL_API_KEY',
] as const;

/** The checks across variables; for the superRefine of a schema that holds temporalSecurityVariables. */
export function checkTemporalSecurity(env: SecurityVariables, ctx: z.RefinementCtx): void {
  if (Boolean(env.TEMPORAL_TLS_CERT) !== Boolean(env.TEMPORAL_TLS_KEY)) {
    ctx.addIssue({
      code: 'custom',
      path: [env.TEMPORAL_TLS_CERT ? 'TEMPORAL_TLS_KEY' : 'TEMPORAL_TLS_CERT'],
      message: 'TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY must be set together',
    });
  }
  if (env.TEMPORAL_TLS === false) {
    for (const variable of TLS_VARIABLES.filter((name) => env[name])) {
      const why = variable === 'TEMPORAL_API_KEY' ? 'an API key is sent only over TLS' : 'it needs TLS';
      ctx.addIssue({
        code: 'custom',
        path: ['TEMPORAL_TLS'],
        message: `is false, but ${variable} is set (${why}); unset one of them`,
      });
    }
  }
}

/** TLS is on when asked for, or when any setting needs it (an API key too, as Temporal Cloud requires). */
export function temporalSecurityOf(env: SecurityVariables): TemporalSecurity {
  rememberSecret(env.TEMPORAL_API_KEY);
  const tlsOn = env.TEMPORAL_TLS ?? TLS_VARIABLES.some((name) => env[name]);
  const resolve = (file?: string) => (file ? path.resolve(file) : undefined);
  const tls: TemporalTlsSettings | undefined = tlsOn
    ? {
        caFile: resolve(env.TEMPORAL_TLS_CA),
        certFile: resolve(env.TEMPORAL_TLS_CERT),
        keyFile: resolve(env.TEMPORAL_TLS_KEY),
        serverName: env.TEMPORAL_TLS_SERVER_NAME,
      }
    : undefined;
  return { tls, apiKey: env.TEMPORAL_API_KEY };
}

const securitySchema = z.object(temporalSecurityVariables).superRefine(checkTemporalSecurity);

/** The security settings alone, for a process (the CLI) that reads no other part of config/env.ts. */
export function loadTemporalSecurity(env: NodeJS.ProcessEnv = process.env): TemporalSecurity {
  const parsed = securitySchema.safeParse(withoutEmptyValues(env));
  if (!parsed.success) throw ConfigError.fromZod(parsed.error);
  return temporalSecurityOf(parsed.data);
}
