import { z } from 'zod';

/** Raised at start-up when the environment is wrong; its message names every bad variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';

  /** One `VARIABLE: what is wrong` line per problem, for callers that print them their own way (the CLI). */
  readonly issues: string[];

  constructor(message: string, issues: string[] = [message]) {
    super(message);
    this.issues = issues;
  }

  /** The start-up error of a server process, listing each problem on its own line. */
  static of(issues: string[]): ConfigError {
    const lines = issues.map((issue) => `  ${issue}`);
    return new ConfigError(`opad cannot start, the environment has errors:\n${lines.join('\n')}`, issues);
  }

  static fromZod(error: z.ZodError): ConfigError {
    return ConfigError.of(
      error.issues.map((issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`),
    );
  }
}

/** A yes/no variable; the spellings people use in shells and compose files. */
export const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'expected true or false' })
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

/** As in most shells' `VAR= command`, an empty variable means "not set". */
export function withoutEmptyValues(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter(
      (entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '',
    ),
  );
}
