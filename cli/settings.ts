import os from 'node:os';
import path from 'node:path';
import { ConfigError } from '../config/config-error';
import { loadTemporalSecurity, type TemporalSecurity } from '../config/temporal-security';
import { CliError, UsageError } from './errors';

export const DEFAULT_API_URL = 'http://127.0.0.1:4000';
export const DEFAULT_TEMPORAL_ADDRESS = '127.0.0.1:7233';
export const DEFAULT_NAMESPACE = 'default';

/** Options every command accepts; each one has an environment variable. */
export interface GlobalOptions {
  api?: string;
  token?: string;
  temporalAddress?: string;
  namespace?: string;
}

export interface Settings {
  apiUrl: string;
  /** From --token or OPAD_TOKEN; the credentials file is read only when neither is set. */
  token?: string;
  temporalAddress: string;
  namespace: string;
  /** TLS and the API key, from the same variables the API and the worker read (TEMPORAL_TLS_*, TEMPORAL_API_KEY). */
  temporalSecurity: TemporalSecurity;
  configDir: string;
}

// As in config/env.ts, an empty variable counts as unset (`OPAD_TOKEN= opad whoami`).
const fromEnv = (env: NodeJS.ProcessEnv, name: string) => env[name] || undefined;

/** An http(s) URL from `source`, in one spelling (no trailing slash); `example` shows what is meant. */
export function httpUrlOf(value: string, source: string, example = DEFAULT_API_URL): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`${source} must be a URL such as ${example}; got "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError(`${source} must be an http:// or https:// URL; got "${value}"`);
  // One spelling per server, so a token saved for `http://host/` is found again for `http://host`.
  return url.toString().replace(/\/+$/, '');
}

function temporalAddressOf(value: string, source: string): string {
  if (!/^[^:\s]+:\d+$/.test(value))
    throw new UsageError(
      `${source} must be host:port, for example ${DEFAULT_TEMPORAL_ADDRESS}; got "${value}"`,
    );
  return value;
}

/** A settings problem found by config/, printed as `opad: VARIABLE: what is wrong`, one line each. */
export function settingsError(error: ConfigError): CliError {
  const [first = error.message, ...rest] = error.issues;
  return new CliError(first, rest);
}

function temporalSecurityOf(env: NodeJS.ProcessEnv): TemporalSecurity {
  try {
    return loadTemporalSecurity(env);
  } catch (error) {
    throw error instanceof ConfigError ? settingsError(error) : error;
  }
}

export function configDirOf(env: NodeJS.ProcessEnv): string {
  const explicit = fromEnv(env, 'OPAD_CONFIG_DIR');
  if (explicit) return path.resolve(explicit);
  const configHome = fromEnv(env, 'XDG_CONFIG_HOME') ?? path.join(os.homedir(), '.config');
  return path.join(configHome, 'opad');
}

export function resolveSettings(options: GlobalOptions, env: NodeJS.ProcessEnv = process.env): Settings {
  const api = options.api
    ? httpUrlOf(options.api, '--api')
    : httpUrlOf(fromEnv(env, 'OPAD_API_URL') ?? DEFAULT_API_URL, 'OPAD_API_URL');
  const temporalAddress = options.temporalAddress
    ? temporalAddressOf(options.temporalAddress, '--temporal-address')
    : temporalAddressOf(fromEnv(env, 'TEMPORAL_ADDRESS') ?? DEFAULT_TEMPORAL_ADDRESS, 'TEMPORAL_ADDRESS');
  return {
    apiUrl: api,
    token: options.token || fromEnv(env, 'OPAD_TOKEN'),
    temporalAddress,
    namespace: options.namespace || fromEnv(env, 'TEMPORAL_NAMESPACE') || DEFAULT_NAMESPACE,
    temporalSecurity: temporalSecurityOf(env),
    configDir: configDirOf(env),
  };
}
