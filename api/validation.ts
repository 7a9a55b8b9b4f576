import type { z } from 'zod';
import { HttpError } from './errors';

/** Parses input or answers 400 with one message per field, as a form can show them. */
export function parseInput<T extends z.ZodType>(
  schema: T,
  value: unknown,
  where: 'body' | 'query' | 'params' | 'headers',
): z.infer<T> {
  // A request without a JSON body has no req.body at all; validate it as an empty object.
  const parsed = schema.safeParse(where === 'body' ? (value ?? {}) : value);
  if (parsed.success) return parsed.data;
  const fields: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path.join('.') || where;
    fields[field] ??= issue.message;
  }
  const summary = Object.entries(fields)
    .map(([field, message]) => `${field}: ${message}`)
    .join('; ');
  throw new HttpError(400, 'invalid_request', `Invalid ${where}: ${summary}`, { fields });
}
