import { z } from 'zod';
import { articleRequestSchema } from './article-request';

export const MAX_TOPICS = 10;

/** Broad news topics a "surprise me" subscription rotates through, one a day. */
export const SURPRISE_TOPICS = [
  'science',
  'environment',
  'technology',
  'culture',
  'health',
  'sport',
  'travel',
  'economy',
  'food',
  'space',
] as const;

/** The IANA name as Intl spells it (europe/berlin → Europe/Berlin), or undefined when it names no zone. */
export function canonicalTimeZone(name: string): string | undefined {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** The calendar day of `instant` in `timeZone`, as YYYY-MM-DD. */
export function localDateOf(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(instant);
}

/** The day's topic: the list rotated by the local date, so each day moves one on, whatever ran before. */
export function topicOfDay(topics: readonly string[], surprise: boolean, localDate: string): string {
  const pool = topics.length > 0 && !surprise ? topics : SURPRISE_TOPICS;
  const dayNumber = Math.floor(Date.parse(`${localDate}T00:00:00Z`) / 86_400_000);
  return pool[dayNumber % pool.length] as string;
}

const { language, level, length, topic } = articleRequestSchema.shape;

export const subscriptionFieldsSchema = z.object({
  language,
  level,
  length,
  topics: z
    .array(topic, { message: 'topics must be a list of topics' })
    .max(MAX_TOPICS, { message: `topics must have at most ${MAX_TOPICS} items` }),
  surprise: z.boolean({ message: 'surprise must be true or false' }),
  time: z
    .string({ message: 'time must be text' })
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'time must be HH:MM on a 24-hour clock, e.g. 07:30' }),
  timeZone: z
    .string({ message: 'timeZone must be text' })
    .max(64)
    .transform((name, ctx) => {
      const zone = canonicalTimeZone(name);
      if (!zone) {
        ctx.addIssue({
          code: 'custom',
          message: 'timeZone must be an IANA time zone, e.g. Europe/Berlin or America/New_York',
        });
        return z.NEVER;
      }
      return zone;
    }),
});

const topicsOrSurprise = (value: { topics?: string[]; surprise?: boolean }) =>
  Boolean(value.surprise) || (value.topics?.length ?? 0) > 0;
const topicsOrSurpriseIssue = {
  message: 'give at least one topic, or set surprise to true for a different news topic each day',
  path: ['topics'],
};

/** A new subscription; topics rotate one a day, or `surprise` picks a broad news topic each day. */
export const subscriptionSchema = subscriptionFieldsSchema
  .extend({
    topics: subscriptionFieldsSchema.shape.topics.default([]),
    surprise: subscriptionFieldsSchema.shape.surprise.default(false),
  })
  .refine(topicsOrSurprise, topicsOrSurpriseIssue);

/** An edit: any of the fields, and `paused` to pause or resume. */
export const subscriptionPatchSchema = subscriptionFieldsSchema
  .partial()
  .extend({ paused: z.boolean({ message: 'paused must be true or false' }).optional() })
  .refine((patch) => Object.keys(patch).length > 0, {
    message: 'send at least one field to change, e.g. {"paused": true}',
  });

/** Checks a subscription after an edit is applied to it. */
export const hasTopicsOrSurprise = topicsOrSurprise;
export const TOPICS_OR_SURPRISE_MESSAGE = topicsOrSurpriseIssue.message;
