import type { z } from 'zod';
import { subscriptionPatchSchema, subscriptionSchema } from '../contracts/subscription';
import { idParamsSchema } from './routes/articles';
import { dueQuerySchema, gradeSchema, reviewParamsSchema } from './routes/review';
import { subscriptionParamsSchema } from './routes/subscriptions';
import { exportQuerySchema } from './routes/vocabulary';

type JsonSchema = Record<string, unknown>;

/** The builders of api/openapi.ts, handed in so this file adds the daily loop's routes without a cycle. */
export interface OpenApiParts {
  ref: (name: string) => JsonSchema;
  inputSchema: (schema: z.ZodType) => JsonSchema;
  parametersOf: (schema: z.ZodType, where: 'path' | 'query') => unknown[];
  jsonBody: (schema: JsonSchema) => unknown;
  json: (description: string, schema: JsonSchema) => unknown;
  failure: (description: string, codes: string[]) => unknown;
  invalid: (...extra: string[]) => unknown;
  notFound: (what: string) => unknown;
  unauthorized: unknown;
  internal: unknown;
  bodyErrors: Record<string, unknown>;
  bearer: Array<Record<string, string[]>>;
}

const timestamp = { type: 'string', format: 'date-time' };

export const learningSchemas: Record<string, JsonSchema> = {
  Subscription: {
    type: 'object',
    required: ['id', 'language', 'level', 'length', 'topics', 'surprise', 'time', 'timeZone', 'paused'],
    properties: {
      id: { type: 'string', format: 'uuid' },
      language: { type: 'string' },
      level: { type: 'string' },
      length: { type: 'integer' },
      topics: { type: 'array', items: { type: 'string' }, description: 'rotated one a day' },
      surprise: { type: 'boolean', description: 'a different broad news topic each day' },
      time: { type: 'string', description: 'HH:MM in timeZone' },
      timeZone: { type: 'string', description: 'IANA name' },
      paused: { type: 'boolean' },
      scheduleId: { type: 'string', description: 'the Temporal Schedule, daily-{id}' },
      nextRuns: {
        type: ['array', 'null'],
        items: timestamp,
        description: 'the next firings; empty while paused, null when Temporal did not answer',
      },
      createdAt: timestamp,
      updatedAt: timestamp,
    },
  },
};

const reviewState = {
  type: 'object',
  properties: {
    due: timestamp,
    state: { type: 'string', enum: ['new', 'learning', 'review', 'relearning'] },
    reviews: { type: 'integer' },
    lapses: { type: 'integer' },
    lastReviewedAt: { ...timestamp, type: ['string', 'null'] },
    seenInStories: {
      type: 'integer',
      description:
        'stories the learner read that used the word: an exposure, which leaves the schedule as it was',
    },
    lastSeenInStoryAt: { ...timestamp, type: ['string', 'null'] },
  },
};

learningSchemas.ReviewCard = {
  type: 'object',
  required: ['id', 'word', 'lemma', 'definition', 'review'],
  properties: {
    id: { type: 'string', format: 'uuid', description: 'the vocabulary entry' },
    language: { type: 'string' },
    word: { type: 'string' },
    lemma: { type: 'string' },
    sentence: { type: ['string', 'null'], description: 'the sentence the word was saved from' },
    definition: { type: 'string' },
    pos: { type: ['string', 'null'] },
    gender: { type: ['string', 'null'] },
    phonetics: { type: ['string', 'null'] },
    level: { type: ['string', 'null'] },
    articleId: { type: ['string', 'null'], format: 'uuid' },
    review: reviewState,
  },
};

const streak = {
  type: 'object',
  properties: {
    days: { type: 'integer', description: 'days in a row with a story read, ending today or yesterday' },
    readToday: { type: 'boolean' },
  },
};
const read = {
  type: 'object',
  properties: {
    articleId: { type: 'string', format: 'uuid' },
    readOn: { type: 'string', format: 'date' },
    first: { type: 'boolean' },
    streak,
    seenInContext: {
      type: 'array',
      items: { type: 'string' },
      description:
        'saved words the story used, recorded as seen in context by this first read; their review schedule is unchanged',
    },
  },
};

export function learningPaths(p: OpenApiParts): Record<string, Record<string, unknown>> {
  const common = { tags: ['daily'], security: p.bearer };
  const temporalDown = p.failure(
    'Temporal did not take the change to the schedule; nothing was changed, try again shortly',
    ['temporal_unavailable'],
  );
  const idParameters = p.parametersOf(subscriptionParamsSchema, 'path');
  return {
    '/review/due': {
      get: {
        ...common,
        operationId: 'dueWords',
        summary: 'Saved words due for review (FSRS), the longest overdue first',
        parameters: p.parametersOf(dueQuerySchema, 'query'),
        responses: {
          '200': p.json('The due words, how many are due, and when the next one comes', {
            type: 'object',
            properties: {
              items: { type: 'array', items: p.ref('ReviewCard') },
              due: { type: 'integer' },
              nextDueAt: { ...timestamp, type: ['string', 'null'] },
            },
          }),
          '400': p.invalid(),
          '401': p.unauthorized,
          '500': p.internal,
        },
      },
    },
    '/review/{entryId}': {
      post: {
        ...common,
        operationId: 'gradeWord',
        summary: 'Grade one due word (again, hard, good or easy); answers its next due date',
        parameters: p.parametersOf(reviewParamsSchema, 'path'),
        requestBody: p.jsonBody(p.inputSchema(gradeSchema)),
        responses: {
          '200': p.json('Graded', p.ref('ReviewCard')),
          '400': p.invalid('malformed_json'),
          '401': p.unauthorized,
          '404': p.notFound('The vocabulary entry'),
          '409': p.failure('The word was graded meanwhile', ['already_graded']),
          ...p.bodyErrors,
          '500': p.internal,
        },
      },
    },
    '/vocabulary/export': {
      get: {
        tags: ['vocabulary'],
        security: p.bearer,
        operationId: 'exportVocabulary',
        summary: 'Saved words as a tab-separated file that Anki imports (File → Import); one note per word',
        parameters: p.parametersOf(exportQuerySchema, 'query'),
        responses: {
          '200': {
            description:
              'Anki-style TSV: #separator, #html, #columns and #tags header lines, then one note a line',
            content: { 'text/tab-separated-values': { schema: { type: 'string' } } },
          },
          '400': p.failure('An invalid query, or format=apkg, which is not built', [
            'invalid_request',
            'format_unavailable',
          ]),
          '401': p.unauthorized,
          '500': p.internal,
        },
      },
    },
    '/today': {
      get: {
        ...common,
        operationId: 'today',
        summary:
          "Today's story and the streak, on the learner's day (their first subscription's time zone, else UTC)",
        responses: {
          '200': p.json(
            "Today's story (the subscription's, else the newest asked for today) and the streak",
            {
              type: 'object',
              properties: {
                date: { type: 'string', format: 'date' },
                timeZone: { type: 'string' },
                story: {
                  oneOf: [
                    {
                      allOf: [
                        p.ref('Article'),
                        { type: 'object', properties: { read: { type: 'boolean' } } },
                      ],
                    },
                    { type: 'null' },
                  ],
                },
                streak: streak,
              },
            },
          ),
          '401': p.unauthorized,
          '500': p.internal,
        },
      },
    },
    '/articles/{id}/read': {
      post: {
        ...common,
        operationId: 'markRead',
        summary:
          'Record that the learner read a finished article; the first read of each counts for the streak',
        parameters: p.parametersOf(idParamsSchema, 'path'),
        responses: {
          '201': p.json('The first read', read),
          '200': p.json('Read before; nothing changed', read),
          '400': p.invalid(),
          '401': p.unauthorized,
          '404': p.notFound('The article'),
          '409': p.failure('The article is not finished', ['not_ready']),
          '500': p.internal,
        },
      },
    },
    '/subscriptions': {
      get: {
        ...common,
        operationId: 'listSubscriptions',
        summary: "The learner's daily stories",
        responses: {
          '200': p.json('The subscriptions', {
            type: 'object',
            properties: { items: { type: 'array', items: p.ref('Subscription') } },
          }),
          '401': p.unauthorized,
          '500': p.internal,
        },
      },
      post: {
        ...common,
        operationId: 'subscribe',
        summary: 'Subscribe to a daily story: one Temporal Schedule that asks for one article a day',
        requestBody: p.jsonBody(p.inputSchema(subscriptionSchema)),
        responses: {
          '201': p.json('Subscribed; the schedule exists', p.ref('Subscription')),
          '400': p.invalid('malformed_json'),
          '401': p.unauthorized,
          '409': p.failure('The learner has the most subscriptions allowed', ['too_many_subscriptions']),
          ...p.bodyErrors,
          '500': p.internal,
          '503': temporalDown,
        },
      },
    },
    '/subscriptions/{id}': {
      get: {
        ...common,
        operationId: 'getSubscription',
        summary: 'One daily story, with its next firings',
        parameters: idParameters,
        responses: {
          '200': p.json('The subscription', p.ref('Subscription')),
          '400': p.invalid(),
          '401': p.unauthorized,
          '404': p.notFound('The subscription'),
          '500': p.internal,
        },
      },
      patch: {
        ...common,
        operationId: 'updateSubscription',
        summary: 'Edit a daily story; `paused` pauses or resumes its schedule',
        parameters: idParameters,
        requestBody: p.jsonBody(p.inputSchema(subscriptionPatchSchema)),
        responses: {
          '200': p.json('Changed, on the schedule too', p.ref('Subscription')),
          '400': p.invalid('malformed_json'),
          '401': p.unauthorized,
          '404': p.notFound('The subscription'),
          ...p.bodyErrors,
          '500': p.internal,
          '503': temporalDown,
        },
      },
      delete: {
        ...common,
        operationId: 'deleteSubscription',
        summary: 'Unsubscribe: the schedule is deleted; articles already made stay',
        parameters: idParameters,
        responses: {
          '204': { description: 'Deleted' },
          '400': p.invalid(),
          '401': p.unauthorized,
          '404': p.notFound('The subscription'),
          '500': p.internal,
          '503': temporalDown,
        },
      },
    },
  };
}
