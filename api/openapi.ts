import { z } from 'zod';
import { dictionaryEntrySchema } from '../activities/prompts/dictionary';
import { articleRequestSchema, MAX_LENGTH, MIN_LENGTH } from '../workflows/input';
import { LEVEL_VERDICTS, STAGES } from '../workflows/types';
import { learningPaths, learningSchemas } from './openapi-learning';
import { idParamsSchema, listQuerySchema } from './routes/articles';
import { loginSchema, passwordChangeSchema, registerSchema } from './routes/auth';
import { jobParamsSchema } from './routes/jobs';
import { usageArticleParamsSchema, usageQuerySchema } from './routes/usage';
import { lookupSchema, saveWordSchema, vocabularyQuerySchema } from './routes/vocabulary';

type JsonSchema = Record<string, unknown>;

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  description?: string;
  schema: JsonSchema;
}

interface Operation {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  security: Array<Record<string, string[]>>;
  parameters?: Parameter[];
  requestBody?: { required: boolean; content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, unknown>;
}

export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description: string };
  tags: Array<{ name: string; description: string }>;
  paths: Record<string, Record<string, Operation>>;
  components: Record<string, Record<string, unknown>>;
}

const levelVerdict = { type: 'string', enum: [...LEVEL_VERDICTS] };
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** JSON Schema (2020-12, the dialect of OpenAPI 3.1) of what a route accepts, from the zod schema it parses with. */
function inputSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  return json;
}

/** JSON Schema of what a value parsed by the schema looks like, for responses. */
function outputSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' });
  return json;
}

function parametersOf(schema: z.ZodType, where: Parameter['in']): Parameter[] {
  const json = inputSchema(schema) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
    schema: property,
  }));
}

const jsonBody = (schema: JsonSchema) => ({ required: true, content: { 'application/json': { schema } } });
const json = (description: string, schema: JsonSchema, headers?: Record<string, unknown>) => ({
  description,
  ...(headers ? { headers } : {}),
  content: { 'application/json': { schema } },
});

/** An error response; the document names the codes this status can carry on this route. */
function failure(description: string, codes: string[], details?: JsonSchema) {
  return json(description, {
    allOf: [
      ref('Error'),
      {
        type: 'object',
        properties: {
          error: {
            type: 'object',
            properties: { code: { enum: codes }, ...(details ? { details } : {}) },
          },
        },
      },
    ],
  });
}

const BEARER = [{ bearerAuth: [] }];
const PUBLIC: Array<Record<string, string[]>> = [];

const invalid = (...extra: string[]) =>
  failure('The request is invalid; `details.fields` names each bad field', ['invalid_request', ...extra]);
const unauthorized = failure('No bearer token, or the token is unknown or expired', [
  'unauthorized',
  'invalid_token',
]);
const notFound = (what: string) =>
  failure(`${what} does not exist, is deleted, or belongs to another user`, ['not_found']);
const tooLarge = failure('The body is larger than the configured limit', ['payload_too_large']);
const badEncoding = failure('The body is not UTF-8 JSON', ['unsupported_encoding']);
const rateLimited = {
  ...failure('Too many requests from this client in the last minute', ['rate_limited']),
  headers: {
    RateLimit: { description: 'IETF draft-8 rate limit state', schema: { type: 'string' } },
    'RateLimit-Policy': { description: 'IETF draft-8 rate limit policy', schema: { type: 'string' } },
  },
};
/** Routes that start spending: a learner past today's budget is told when it resets. */
const overBudget = {
  ...failure(
    "Too many requests from this client in the last minute, or today's budget (cost or generations) is used up; the message says when it resets",
    ['rate_limited', 'budget_exceeded'],
  ),
  headers: {
    ...rateLimited.headers,
    'Retry-After': {
      description: 'Seconds until the budget resets (budget_exceeded)',
      schema: { type: 'integer' },
    },
  },
};
const internal = failure('Something failed on the server; it has been logged', ['internal']);
const temporalDown = failure(
  'The orchestrator (Temporal) did not answer, so the generation could not be stopped; try again shortly',
  ['temporal_unavailable'],
);
const bodyErrors = { '413': tooLarge, '415': badEncoding };
/** How the routes that read a finished article's blobs fail, on top of the usual ones. */
const finishedArticleErrors = {
  '409': failure('The generation has not completed', ['not_ready']),
  '410': failure('The article text is no longer stored', ['content_gone']),
};

// Not exported by api/routes/articles.ts, so written here by hand; keep in step with that file.
const forceParameter: Parameter = {
  name: 'force',
  in: 'query',
  required: false,
  description: 'true starts a new generation even when the same inputs were requested in the last 24 h',
  schema: { type: 'string', enum: ['true', 'false'] },
};
const idempotencyKeyParameter: Parameter = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'For 24 hours, the same key with the same body (and `force`) answers as the first request did; with a different body it answers 422. After 24 hours the key is free for a new request.',
  schema: { type: 'string', minLength: 1, maxLength: 200 },
};
// Not exported by api/routes/vocabulary.ts either.
const vocabularyIdParameter: Parameter = {
  name: 'id',
  in: 'path',
  required: true,
  schema: { type: 'string', format: 'uuid' },
};
const lastEventIdParameter: Parameter = {
  name: 'Last-Event-ID',
  in: 'header',
  required: false,
  description: 'The last progress version the client saw; a reconnecting client gets any newer state at once',
  schema: { type: 'string' },
};

function registerBody(): JsonSchema {
  const schema = inputSchema(registerSchema) as { properties: Record<string, JsonSchema> };
  // The password rules zod checks with refinements, which JSON Schema cannot express.
  schema.properties.password = {
    ...schema.properties.password,
    description:
      'At least 4 different characters, not a common password, and not containing the name part of the email',
  };
  return schema;
}

const stringMap = { type: 'object', additionalProperties: { type: 'string' } };
const tokenUsage = {
  type: 'object',
  required: ['prompt', 'completion'],
  properties: { prompt: { type: 'integer' }, completion: { type: 'integer' } },
};
const usageSums = {
  calls: { type: 'integer', minimum: 0 },
  promptTokens: { type: 'integer', minimum: 0 },
  completionTokens: { type: 'integer', minimum: 0 },
  costUsd: {
    type: 'number',
    minimum: 0,
    description:
      'Estimated USD at list prices; calls of a model with no price are not in it (see unpricedCalls)',
  },
};
const usageGroup = (key: string, keySchema: JsonSchema) => ({
  type: 'array',
  items: {
    type: 'object',
    required: [key, ...Object.keys(usageSums)],
    properties: { [key]: keySchema, ...usageSums },
  },
});
const status = { type: 'string', enum: ['queued', 'running', 'completed', 'failed', 'cancelled'] };
const stage = { type: 'string', enum: [...STAGES] };

const schemas: Record<string, JsonSchema> = {
  Error: {
    type: 'object',
    required: ['error'],
    properties: {
      error: {
        type: 'object',
        required: ['code', 'message'],
        properties: {
          code: { type: 'string', description: 'Stable, machine-readable' },
          message: { type: 'string', description: 'For people: says what to do next' },
          details: { description: 'Extra data for some codes, e.g. `fields` for invalid_request' },
        },
      },
    },
  },
  Accepted: {
    type: 'object',
    required: ['articleId', 'jobId', 'status'],
    properties: {
      articleId: { type: 'string', format: 'uuid' },
      jobId: { type: 'string', description: 'The workflow ID, `article-{articleId}`' },
      status: { type: 'string', enum: [...status.enum, 'cancelling'] },
      message: {
        type: 'string',
        description:
          'What happens next, for people; says so when the orchestrator cannot be reached and the generation waits for it',
      },
    },
  },
  ArticleMeta: {
    type: 'object',
    required: ['wordCount', 'models', 'searchProvider', 'edits', 'dueWordsUsed'],
    properties: {
      wordCount: { type: 'integer' },
      dueWordsUsed: {
        type: 'array',
        items: { type: 'string' },
        description: 'Lemmas due for review when the story was drafted that it uses; the reader marks them',
      },
      models: {
        type: 'object',
        description: 'The model behind each stage; `opad-demo` is the offline demo model',
        additionalProperties: { type: 'string' },
      },
      demo: {
        type: 'string',
        description: 'Present when the offline demo model wrote the article: what it did, in words',
      },
      level: ref('ArticleLevel'),
      narration: {
        type: 'object',
        description:
          'The narration (engine, voice, length in seconds, sentences), or why the article has none (`skipped`)',
        properties: {
          engine: { type: 'string' },
          voice: { type: 'string' },
          duration: { type: 'number' },
          sentences: { type: 'integer' },
          skipped: { type: 'string' },
        },
      },
      searchProvider: { type: 'string', description: 'The news source research used' },
      edits: {
        type: 'array',
        description: 'What the review simplified, and why',
        items: {
          type: 'object',
          required: ['original', 'revised', 'reason'],
          properties: {
            original: { type: 'string' },
            revised: { type: 'string' },
            reason: { type: 'string' },
          },
        },
      },
    },
  },
  NarrationTimings: {
    type: 'object',
    required: ['engine', 'voice', 'wordsPerMinute', 'duration', 'sentences'],
    properties: {
      engine: { type: 'string' },
      voice: { type: 'string' },
      wordsPerMinute: { type: 'integer' },
      duration: { type: 'number', description: 'Seconds' },
      sentences: {
        type: 'array',
        items: {
          type: 'object',
          required: ['index', 'text', 'start', 'end'],
          properties: {
            index: { type: 'integer' },
            text: { type: 'string' },
            start: { type: 'number', description: 'Seconds from the start of the audio' },
            end: { type: 'number' },
          },
        },
      },
      caveat: {
        type: 'string',
        description: 'What the learner should know about this voice (a rough reading); absent when none',
      },
    },
  },
  ArticleLevel: {
    type: 'object',
    required: [
      'requested',
      'measured',
      'score',
      'verdict',
      'calibrated',
      'passes',
      'signals',
      'band',
      'outOfBand',
    ],
    properties: {
      requested: { type: 'string' },
      measured: {
        type: 'string',
        description: 'The level measured in the published text; may differ from requested',
      },
      score: { type: 'number', description: '1.0 (A1) to 6.0 (C2)' },
      verdict: levelVerdict,
      calibrated: {
        type: 'boolean',
        description: 'false where the language has no calibration texts of its own',
      },
      trusted: {
        type: 'boolean',
        description:
          'false where the check missed its targets on held-out texts levelled by others: the level is an estimate, nothing was revised and no word is marked rare (verdict report-only)',
      },
      drivers: {
        type: 'array',
        items: { type: 'string' },
        description: 'What drove the verdict, in plain words, the strongest first',
      },
      passes: {
        type: 'array',
        description:
          'Each run of the check; a too-hard run sent the text back to be simplified, a report-only run never does',
        items: {
          type: 'object',
          required: ['pass', 'level', 'score', 'verdict'],
          properties: {
            pass: { type: 'integer' },
            level: { type: 'string' },
            score: { type: 'number' },
            verdict: levelVerdict,
          },
        },
      },
      signals: {
        type: 'object',
        properties: {
          meanSentenceLength: { type: 'number' },
          longestSentenceWords: { type: 'integer' },
          subordinatorsPerSentence: { type: ['number', 'null'] },
          readability: {
            oneOf: [
              { type: 'null' },
              { type: 'object', properties: { formula: { type: 'string' }, score: { type: 'number' } } },
            ],
          },
          coverage: {
            type: ['number', 'null'],
            description: "Share of words within the requested level's band",
          },
        },
      },
      band: {
        type: ['integer', 'null'],
        description: 'The most frequent forms a reader at the requested level knows',
      },
      outOfBand: {
        type: 'array',
        items: { type: 'string' },
        description: 'Words outside that band, rarest first',
      },
      knownBand: {
        type: 'integer',
        description:
          "(GET /articles/{id}/meta only) The band knownShare counts: the requested level's, or C1's for C2",
      },
      knownShare: {
        type: 'number',
        description:
          '(GET /articles/{id}/meta only) Share of the words this learner knows today: saved or within the band',
      },
    },
  },
  Article: {
    type: 'object',
    required: ['id', 'jobId', 'language', 'level', 'length', 'topic', 'status', 'createdAt', 'updatedAt'],
    properties: {
      id: { type: 'string', format: 'uuid' },
      jobId: { type: 'string' },
      language: { type: 'string' },
      level: { type: 'string' },
      length: { type: 'integer' },
      topic: { type: 'string' },
      status,
      stage: { type: ['string', 'null'] },
      title: { type: ['string', 'null'] },
      source: {
        oneOf: [
          { type: 'null' },
          {
            type: 'object',
            properties: {
              outlet: { type: ['string', 'null'] },
              title: { type: ['string', 'null'] },
              url: { type: 'string' },
              date: { type: ['string', 'null'] },
              author: { type: ['string', 'null'] },
            },
          },
        ],
      },
      error: {
        oneOf: [
          { type: 'null' },
          {
            type: 'object',
            properties: { type: { type: 'string' }, message: { type: 'string' }, stage: { type: 'string' } },
          },
        ],
      },
      vocabularyUsed: {
        type: 'array',
        items: { type: 'string' },
        description: "The learner's saved lemmas that the final text uses",
      },
      questions: {
        oneOf: [
          { type: 'null' },
          {
            type: 'object',
            properties: {
              answered: { type: 'boolean' },
              correct: { type: 'integer' },
              total: { type: 'integer' },
            },
          },
        ],
        description:
          '(GET /articles/{id} only) Whether the learner did the comprehension questions, and the score',
      },
      narration: {
        oneOf: [
          { type: 'null' },
          { type: 'object', required: ['audio'], properties: { audio: { type: 'string' } } },
        ],
        description: '(GET /articles/{id} only) Where the narration is; null when the article has none',
      },
      levelCheck: {
        oneOf: [{ type: 'null' }, ref('ArticleLevel')],
        description:
          'What the level check measured in the published text; null before then or from before the check',
      },
      timings: {
        type: 'object',
        additionalProperties: {
          type: 'object',
          properties: {
            startedAt: { type: 'string', format: 'date-time' },
            finishedAt: { type: 'string', format: 'date-time' },
          },
        },
      },
      createdAt: { type: 'string', format: 'date-time' },
      updatedAt: { type: 'string', format: 'date-time' },
    },
  },
  ArticleList: {
    type: 'object',
    required: ['items', 'total', 'limit', 'offset'],
    properties: {
      items: { type: 'array', items: ref('Article') },
      total: { type: 'integer' },
      limit: { type: 'integer' },
      offset: { type: 'integer' },
    },
  },
  StageError: {
    type: 'object',
    required: ['type', 'message'],
    properties: {
      type: { type: 'string' },
      message: { type: 'string' },
      nonRetryable: { type: 'boolean' },
      stage,
    },
  },
  Progress: {
    type: 'object',
    description: 'The `progress` workflow query, or the stored final state once the workflow has closed',
    required: ['articleId', 'version', 'status', 'stage', 'percent', 'stages', 'message'],
    properties: {
      articleId: { type: 'string', format: 'uuid' },
      version: { type: 'integer', description: 'Grows with every change; the SSE event id' },
      status,
      stage: { oneOf: [stage, { type: 'null' }] },
      percent: { type: 'number', minimum: 0, maximum: 100 },
      stages: {
        type: 'array',
        items: {
          type: 'object',
          required: ['name', 'status', 'attempts', 'tokens'],
          properties: {
            name: stage,
            status: { type: 'string', enum: ['pending', 'running', 'completed', 'failed', 'cancelled'] },
            attempts: { type: 'integer' },
            startedAt: { type: 'string', format: 'date-time' },
            finishedAt: { type: 'string', format: 'date-time' },
            lastError: ref('StageError'),
            tokens: tokenUsage,
            reused: { type: 'boolean' },
          },
        },
      },
      message: { type: 'string' },
      error: ref('StageError'),
      result: {
        type: 'object',
        required: ['articleId', 'keys', 'tokens'],
        properties: {
          articleId: { type: 'string' },
          keys: stringMap,
          title: { type: 'string' },
          wordCount: { type: 'integer' },
          tokens: tokenUsage,
        },
      },
    },
  },
  User: {
    type: 'object',
    required: ['id', 'email'],
    properties: { id: { type: 'string', format: 'uuid' }, email: { type: 'string', format: 'email' } },
  },
  Registered: {
    type: 'object',
    required: ['status', 'message'],
    properties: { status: { const: 'accepted' }, message: { type: 'string' } },
  },
  Session: {
    type: 'object',
    required: ['user', 'token', 'expiresAt'],
    properties: {
      user: ref('User'),
      token: { type: 'string', description: 'Send as `Authorization: Bearer <token>`' },
      expiresAt: { type: 'string', format: 'date-time' },
    },
  },
  UsageTotals: {
    type: 'object',
    required: [...Object.keys(usageSums), 'retryCostUsd', 'estimatedCalls', 'unpricedCalls'],
    properties: {
      ...usageSums,
      retryCostUsd: {
        type: 'number',
        minimum: 0,
        description:
          'Cost of calls whose output was not kept: failed attempts, and the attempt still running',
      },
      estimatedCalls: {
        type: 'integer',
        minimum: 0,
        description: "Calls whose tokens opad estimated because the provider's count never arrived",
      },
      unpricedCalls: {
        type: 'integer',
        minimum: 0,
        description: 'Calls of a model with no price (LLM_PRICES): their cost is unknown',
      },
    },
  },
  Budget: {
    type: 'object',
    required: ['spentTodayUsd', 'dailyUsd', 'generationsToday', 'dailyGenerations', 'resetsAt'],
    description: "Today's use against the learner's daily limits (UTC days); a limit of null means none",
    properties: {
      spentTodayUsd: { type: 'number', minimum: 0, description: 'Known spend today (priced models)' },
      dailyUsd: { type: ['number', 'null'], description: 'The daily cost budget in USD' },
      generationsToday: { type: 'integer', minimum: 0 },
      dailyGenerations: { type: ['integer', 'null'], description: 'Generations allowed per day' },
      resetsAt: { type: 'string', format: 'date-time', description: 'The next 00:00 UTC' },
    },
  },
  UnpricedModels: {
    type: 'array',
    items: { type: 'string' },
    description: 'Models used that have no price; set one in LLM_PRICES',
  },
  UsageReport: {
    type: 'object',
    required: ['from', 'to', 'totals', 'unpricedModels', 'budget', 'byDay', 'byOperation', 'byModel'],
    properties: {
      from: { type: 'string', format: 'date-time', description: 'Start of the window, inclusive' },
      to: { type: 'string', format: 'date-time', description: 'End of the window, exclusive' },
      totals: ref('UsageTotals'),
      unpricedModels: ref('UnpricedModels'),
      budget: ref('Budget'),
      byDay: usageGroup('day', { type: 'string', format: 'date', description: 'UTC day' }),
      byOperation: usageGroup('operation', { type: 'string', description: 'A stage, or e.g. dictionary' }),
      byModel: usageGroup('model', { type: 'string' }),
    },
  },
  ArticleUsage: {
    type: 'object',
    required: ['articleId', 'totals', 'unpricedModels', 'byOperation', 'calls'],
    properties: {
      articleId: { type: 'string', format: 'uuid' },
      totals: ref('UsageTotals'),
      unpricedModels: ref('UnpricedModels'),
      byOperation: usageGroup('operation', { type: 'string' }),
      calls: {
        type: 'array',
        description: 'Every LLM call for the article, oldest first, retries included',
        items: {
          type: 'object',
          required: [
            'operation',
            'model',
            'promptTokens',
            'completionTokens',
            'costUsd',
            'estimated',
            'ended',
            'attempt',
            'kept',
            'createdAt',
          ],
          properties: {
            operation: { type: 'string' },
            model: { type: 'string', description: 'The model that answered' },
            promptTokens: { type: 'integer' },
            completionTokens: { type: 'integer' },
            costUsd: { type: ['number', 'null'], description: 'null when the model has no price' },
            estimated: { type: 'boolean', description: "true when the provider's token count never arrived" },
            ended: {
              type: 'string',
              enum: ['complete', 'truncated', 'refused', 'stalled', 'cut', 'failed', 'cancelled', 'pending'],
              description: 'How the call ended; pending: its process died during the call',
            },
            attempt: { type: 'integer', description: 'The activity attempt that made the call' },
            kept: { type: 'boolean', description: 'true when this attempt produced the stored output' },
            createdAt: { type: 'string', format: 'date-time' },
          },
        },
      },
    },
  },
  // Without additionalProperties: false, so the lookup response can add `cached` through allOf.
  DictionaryEntry: {
    ...outputSchema(dictionaryEntrySchema),
    additionalProperties: undefined,
    description: 'The word in the sense of its sentence',
  },
  ScoredAnswers: {
    type: 'object',
    required: ['correct', 'total', 'results'],
    properties: {
      correct: { type: 'integer' },
      total: { type: 'integer' },
      results: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            chosen: { type: 'integer' },
            answer: { type: 'integer', description: 'The right option' },
            correct: { type: 'boolean' },
            explanation: { type: 'string' },
            evidence: { type: 'string', description: 'The sentence of the article that supports the answer' },
          },
        },
      },
    },
  },
  OfflineLookupEntry: {
    type: 'object',
    description: 'An entry from an offline dictionary (FreeDict, WordNet): no model call, no cost',
    required: [
      'source',
      'dictionary',
      'lemma',
      'partOfSpeech',
      'gender',
      'forms',
      'definition',
      'level',
      'ipa',
      'examples',
      'senses',
    ],
    properties: {
      source: { const: 'offline' },
      dictionary: {
        type: 'object',
        required: ['name', 'licence'],
        properties: { name: { type: 'string' }, licence: { type: 'string' } },
      },
      lemma: { type: 'string' },
      partOfSpeech: {
        type: 'string',
        description: "The first sense's, or empty when the dictionary gives none",
      },
      gender: { type: ['string', 'null'] },
      forms: { type: 'object', additionalProperties: { type: 'string' } },
      definition: { type: 'string', description: 'The first three meanings, in English' },
      level: { type: 'null', description: 'Offline dictionaries give no CEFR level' },
      ipa: { type: 'string' },
      examples: { type: 'array', items: { type: 'string' }, maxItems: 2 },
      senses: { type: 'array', items: ref('OfflineSense') },
    },
  },
  OfflineSense: {
    type: 'object',
    required: ['headword', 'partOfSpeech', 'gender', 'ipa', 'meaning', 'examples'],
    properties: {
      headword: { type: 'string' },
      partOfSpeech: { type: ['string', 'null'] },
      gender: { type: ['string', 'null'] },
      ipa: { type: ['string', 'null'], description: 'Pronunciation, or the kana reading for Japanese' },
      meaning: { type: 'string', description: 'In English' },
      examples: { type: 'array', items: { type: 'string' } },
    },
  },
  VocabularyEntry: {
    type: 'object',
    required: ['id', 'articleId', 'word', 'definition', 'createdAt'],
    properties: {
      id: { type: 'string', format: 'uuid' },
      articleId: { type: ['string', 'null'], format: 'uuid' },
      word: { type: 'string' },
      definition: { type: 'string' },
      sentence: { type: ['string', 'null'] },
      pos: { type: ['string', 'null'] },
      gender: { type: ['string', 'null'] },
      phonetics: { type: ['string', 'null'] },
      forms: stringMap,
      examples: { type: 'array', items: { type: 'string' } },
      level: { type: ['string', 'null'] },
      createdAt: { type: 'string', format: 'date-time' },
    },
  },
  VocabularyList: {
    type: 'object',
    required: ['items'],
    properties: {
      items: {
        type: 'array',
        description: 'One item per lemma, most often saved first',
        items: {
          type: 'object',
          required: ['lemma', 'language', 'count', 'articleIds', 'entries'],
          properties: {
            lemma: { type: 'string' },
            language: { type: 'string' },
            count: { type: 'integer', description: 'How many times the lemma was saved' },
            articleIds: { type: 'array', items: { type: 'string', format: 'uuid' } },
            entries: { type: 'array', items: ref('VocabularyEntry'), description: 'Newest first' },
          },
        },
      },
    },
  },
  SavedWord: {
    type: 'object',
    required: ['id', 'created'],
    properties: {
      id: { type: 'string', format: 'uuid' },
      created: { type: 'boolean', description: 'false when this lemma was already saved for the article' },
    },
  },
  ComponentHealth: {
    type: 'object',
    required: ['status', 'latencyMs'],
    properties: {
      status: { type: 'string', enum: ['up', 'down'] },
      latencyMs: { type: 'integer' },
    },
    description: 'Why a component is down is written to the API log, not sent to the caller',
  },
  Health: {
    type: 'object',
    required: ['status', 'components'],
    properties: {
      status: { type: 'string', enum: ['ok', 'degraded'] },
      components: {
        type: 'object',
        required: ['temporal', 'postgres', 'storage'],
        properties: {
          temporal: ref('ComponentHealth'),
          postgres: ref('ComponentHealth'),
          storage: ref('ComponentHealth'),
        },
      },
    },
  },
};

/** Every route createApp serves; test/api/openapi.test.ts fails when one is missing here. */
function buildPaths(): OpenApiDocument['paths'] {
  const articleId = parametersOf(idParamsSchema, 'path');
  const jobId = parametersOf(jobParamsSchema, 'path');
  return {
    '/auth/register': {
      post: {
        operationId: 'register',
        summary: 'Create an account; then sign in with POST /auth/login',
        description:
          'Answers alike whether or not the email already had an account, so registration does not tell who has one (an existing account is not changed). No token: sign in next.',
        tags: ['auth'],
        security: PUBLIC,
        requestBody: jsonBody(registerBody()),
        responses: {
          '202': json('Taken: sign in with this email and password', ref('Registered')),
          '400': invalid('malformed_json'),
          ...bodyErrors,
          '429': rateLimited,
          '500': internal,
        },
      },
    },
    '/auth/login': {
      post: {
        operationId: 'login',
        summary: 'Sign in and get a new token',
        tags: ['auth'],
        security: PUBLIC,
        requestBody: jsonBody(inputSchema(loginSchema)),
        responses: {
          '200': json('The user and a bearer token', ref('Session')),
          '400': invalid('malformed_json'),
          '401': failure('The email or the password is wrong', ['invalid_credentials']),
          ...bodyErrors,
          '429': rateLimited,
          '500': internal,
        },
      },
    },
    '/auth/me': {
      get: {
        operationId: 'me',
        summary: 'The signed-in user',
        tags: ['auth'],
        security: BEARER,
        responses: {
          '200': json('The user the token belongs to', {
            type: 'object',
            required: ['user'],
            properties: { user: ref('User') },
          }),
          '401': unauthorized,
          '500': internal,
        },
      },
    },
    '/auth/logout': {
      post: {
        operationId: 'logout',
        summary: 'Sign out: revoke the token this request carries',
        tags: ['auth'],
        security: BEARER,
        responses: {
          '204': { description: 'The token no longer works' },
          '401': unauthorized,
          '500': internal,
        },
      },
    },
    '/auth/password': {
      post: {
        operationId: 'changePassword',
        summary: 'Change the password; every other token of the account is revoked',
        tags: ['auth'],
        security: BEARER,
        requestBody: jsonBody(inputSchema(passwordChangeSchema)),
        responses: {
          '200': json('The password is changed', {
            type: 'object',
            required: ['revokedTokens'],
            properties: { revokedTokens: { type: 'integer', description: 'Other tokens revoked' } },
          }),
          '400': invalid('malformed_json'),
          '401': unauthorized,
          '403': failure('The current password is wrong', ['invalid_credentials']),
          ...bodyErrors,
          '429': rateLimited,
          '500': internal,
        },
      },
    },
    '/articles': {
      post: {
        operationId: 'createArticle',
        summary: 'Request an article; its generation runs as a workflow',
        description:
          'Answers as soon as the article and its start are committed, without waiting for Temporal: 202 means stored, and it will run, also while Temporal is down. The same owner asking for the same inputs within 24 h gets 409 with the existing job, unless `force=true`.',
        tags: ['articles'],
        security: BEARER,
        parameters: [forceParameter, idempotencyKeyParameter],
        requestBody: jsonBody(inputSchema(articleRequestSchema)),
        responses: {
          '202': json('The generation is queued; follow it at /jobs/{jobId}', ref('Accepted'), {
            Location: { description: 'The job, `/jobs/{jobId}`', schema: { type: 'string' } },
          }),
          '400': invalid('malformed_json'),
          '401': unauthorized,
          '409': failure(
            'The same inputs were requested less than 24 h ago; `details` is that job',
            ['duplicate_request'],
            ref('Accepted'),
          ),
          ...bodyErrors,
          '410': failure('The article made for this Idempotency-Key was deleted; use a new key', [
            'article_deleted',
          ]),
          '422': failure('The Idempotency-Key was used with a different body (or `force`) in the last 24 h', [
            'idempotency_key_reused',
          ]),
          '429': overBudget,
          '500': internal,
        },
      },
      get: {
        operationId: 'listArticles',
        summary: "The user's articles, newest first",
        tags: ['articles'],
        security: BEARER,
        parameters: parametersOf(listQuerySchema, 'query'),
        responses: {
          '200': json('One page of articles', ref('ArticleList')),
          '400': invalid(),
          '401': unauthorized,
          '500': internal,
        },
      },
    },
    '/articles/{id}': {
      get: {
        operationId: 'getArticle',
        summary: 'One article and its status',
        tags: ['articles'],
        security: BEARER,
        parameters: articleId,
        responses: {
          '200': json('The article', ref('Article')),
          '400': invalid(),
          '401': unauthorized,
          '404': notFound('The article'),
          '500': internal,
        },
      },
      delete: {
        operationId: 'deleteArticle',
        summary: 'Delete an article (soft); a running generation is cancelled',
        tags: ['articles'],
        security: BEARER,
        parameters: articleId,
        responses: {
          '204': { description: 'Deleted' },
          '400': invalid(),
          '401': unauthorized,
          '404': notFound('The article'),
          '500': internal,
        },
      },
    },
    '/articles/{id}/content': {
      get: {
        operationId: 'getArticleContent',
        summary: 'The finished article as markdown',
        tags: ['articles'],
        security: BEARER,
        parameters: articleId,
        responses: {
          '200': {
            description: 'The article text',
            content: { 'text/markdown': { schema: { type: 'string' } } },
          },
          '400': invalid(),
          '401': unauthorized,
          '404': notFound('The article'),
          ...finishedArticleErrors,
          '500': internal,
        },
      },
    },
    '/articles/{id}/meta': {
      get: {
        operationId: 'getArticleMeta',
        summary: 'What wrote the finished article (models, news source) and the edits its review made',
        tags: ['articles'],
        security: BEARER,
        parameters: articleId,
        responses: {
          '200': json('The article metadata', ref('ArticleMeta')),
          '400': invalid(),
          '401': unauthorized,
          '404': notFound('The article'),
          ...finishedArticleErrors,
          '500': internal,
        },
      },
    },
    '/articles/{id}/questions': {
      get: {
        operationId: 'getArticleQuestions',
        summary:
          "The article's comprehension questions (without answers), and the learner's last answers and results",
        tags: ['articles'],
        security: BEARER,
        parameters: articleId,
        responses: {
          '200': json('The questions', {
            type: 'object',
            required: ['questions', 'answered'],
            properties: {
              questions: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    kind: { type: 'string', enum: ['multiple-choice', 'true-false'] },
                    question: { type: 'string' },
                    options: { type: 'array', items: { type: 'string' } },
                  },
                },
              },
              answered: { oneOf: [{ type: 'null' }, ref('ScoredAnswers')] },
            },
          }),
          '400': invalid(),
          '401': unauthorized,
          '404': failure('The article does not exist, or has no questions', ['not_found', 'no_questions']),
          ...finishedArticleErrors,
          '500': internal,
        },
      },
    },
    '/articles/{id}/audio': {
      get: {
        operationId: 'getArticleAudio',
        summary: 'The narration as Ogg Opus; honours Range requests so players can seek',
        tags: ['articles'],
        security: BEARER,
        parameters: articleId,
        responses: {
          '200': {
            description: 'The audio',
            content: { 'audio/ogg': { schema: { type: 'string', format: 'binary' } } },
          },
          '206': {
            description: 'The requested bytes of the audio',
            content: { 'audio/ogg': { schema: { type: 'string', format: 'binary' } } },
          },
          '400': invalid(),
          '401': unauthorized,
          '404': failure('The article does not exist, or has no narration', ['not_found', 'no_narration']),
          '416': { description: 'The range lies outside the audio' },
          ...finishedArticleErrors,
          '500': internal,
        },
      },
    },
    '/articles/{id}/audio/timings': {
      get: {
        operationId: 'getArticleAudioTimings',
        summary: 'When each sentence is spoken in the narration, in seconds',
        tags: ['articles'],
        security: BEARER,
        parameters: articleId,
        responses: {
          '200': json('The timings', ref('NarrationTimings')),
          '400': invalid(),
          '401': unauthorized,
          '404': failure('The article does not exist, or has no narration', ['not_found', 'no_narration']),
          ...finishedArticleErrors,
          '500': internal,
        },
      },
    },
    '/articles/{id}/answers': {
      post: {
        operationId: 'answerArticleQuestions',
        summary:
          'Answer the comprehension questions: the score, each right answer, its explanation and its sentence',
        tags: ['articles'],
        security: BEARER,
        parameters: articleId,
        requestBody: jsonBody({
          type: 'object',
          required: ['answers'],
          properties: { answers: { type: 'array', items: { type: 'integer', minimum: 0 } } },
        }),
        responses: {
          '200': json('The score', ref('ScoredAnswers')),
          '400': invalid('malformed_json'),
          '401': unauthorized,
          '404': failure('The article does not exist, or has no questions', ['not_found', 'no_questions']),
          ...bodyErrors,
          ...finishedArticleErrors,
          '500': internal,
        },
      },
    },
    '/articles/{id}/retry': {
      post: {
        operationId: 'retryArticle',
        summary: 'Retry a failed or cancelled generation; completed stages are reused',
        tags: ['articles'],
        security: BEARER,
        parameters: articleId,
        responses: {
          '202': json('A new run of the same workflow is queued', ref('Accepted')),
          '400': invalid(),
          '401': unauthorized,
          '404': notFound('The article'),
          '409': failure('Only a failed or cancelled generation can be retried', ['not_retryable']),
          '429': overBudget,
          '500': internal,
        },
      },
    },
    '/articles/{id}/cancel': {
      post: {
        operationId: 'cancelArticle',
        summary: 'Cancel a queued or running generation',
        tags: ['articles'],
        security: BEARER,
        parameters: articleId,
        responses: {
          '202': json(
            'Cancelled at once (`cancelled`) when the generation had not started yet; otherwise cancellation was requested (`cancelling`) and the job reads `cancelled` once it stops',
            ref('Accepted'),
          ),
          '400': invalid(),
          '401': unauthorized,
          '404': notFound('The article'),
          '409': failure('Only a queued or running generation can be cancelled', ['not_cancellable']),
          '500': internal,
          '503': temporalDown,
        },
      },
    },
    '/jobs/{jobId}': {
      get: {
        operationId: 'getJob',
        summary: "A generation's progress",
        tags: ['jobs'],
        security: BEARER,
        parameters: jobId,
        responses: {
          '200': json('Progress per stage', ref('Progress')),
          '400': invalid(),
          '401': unauthorized,
          '404': notFound('The job'),
          '429': rateLimited,
          '500': internal,
        },
      },
    },
    '/jobs/{jobId}/events': {
      get: {
        operationId: 'streamJob',
        summary: "A generation's progress as Server-Sent Events",
        description:
          'One `progress` event per change and a final `end` event, then the stream closes. Each event has `id` = the progress version, which keeps growing across retries of the job, and `data` = the Progress JSON. Comments (`: keep-alive`) keep idle connections open. Each user may hold a limited number of streams open at once (429 `too_many_streams` past it).',
        tags: ['jobs'],
        security: BEARER,
        parameters: [...jobId, lastEventIdParameter],
        responses: {
          '200': {
            description: 'An event stream whose `data` lines are Progress objects',
            content: {
              'text/event-stream': {
                schema: { type: 'string', description: 'Each event: `id`, `event` (progress | end), `data`' },
              },
            },
          },
          '400': invalid(),
          '401': unauthorized,
          '404': notFound('The job'),
          '429': failure('Too many requests, or too many streams open for this user', [
            'rate_limited',
            'too_many_streams',
          ]),
          '500': internal,
        },
      },
    },
    '/usage': {
      get: {
        operationId: 'getUsage',
        summary: "The user's LLM usage and estimated cost, per day, operation and model",
        description:
          '`from` is inclusive; a date-only `to` includes that whole UTC day, a date-time `to` is exclusive. Without `to` the window ends now; without `from` it covers the 30 days before its end.',
        tags: ['usage'],
        security: BEARER,
        parameters: parametersOf(usageQuerySchema, 'query'),
        responses: {
          '200': json('Totals and groups over the window', ref('UsageReport')),
          '400': invalid(),
          '401': unauthorized,
          '500': internal,
        },
      },
    },
    '/usage/articles/{id}': {
      get: {
        operationId: 'getArticleUsage',
        summary: 'Every LLM call made for one article, with its cost',
        tags: ['usage'],
        security: BEARER,
        parameters: parametersOf(usageArticleParamsSchema, 'path'),
        responses: {
          '200': json('Totals, per-operation sums and the calls', ref('ArticleUsage')),
          '400': invalid(),
          '401': unauthorized,
          '404': notFound('The article'),
          '500': internal,
        },
      },
    },
    '/dictionary/lookup': {
      post: {
        operationId: 'lookUpWord',
        summary:
          'Define a word: from the offline dictionary when it has the word (no model call), else, or with mode "context", by the model for its sense in the sentence (repeats are answered from a cache)',
        tags: ['vocabulary'],
        security: BEARER,
        requestBody: jsonBody(inputSchema(lookupSchema)),
        responses: {
          '200': json('The dictionary entry', {
            oneOf: [
              ref('OfflineLookupEntry'),
              {
                allOf: [
                  ref('DictionaryEntry'),
                  {
                    type: 'object',
                    required: ['source', 'model', 'cached'],
                    properties: {
                      source: { const: 'model' },
                      model: {
                        type: 'string',
                        description: 'The model that wrote it; opad-demo is the demo model',
                      },
                      cached: { type: 'boolean', description: 'true when no LLM was called' },
                      note: { type: 'string', description: 'Why the offline dictionary did not answer' },
                    },
                  },
                ],
              },
            ],
          }),
          '400': invalid('malformed_json', 'word_not_in_sentence'),
          '401': unauthorized,
          '404': notFound('The article named by `articleId`'),
          ...bodyErrors,
          '429': overBudget,
          '500': internal,
          '503': failure('The dictionary model did not answer; try again shortly', [
            'dictionary_unavailable',
          ]),
        },
      },
    },
    '/vocabulary': {
      get: {
        operationId: 'listVocabulary',
        summary: "The user's saved words, grouped by lemma",
        tags: ['vocabulary'],
        security: BEARER,
        parameters: parametersOf(vocabularyQuerySchema, 'query'),
        responses: {
          '200': json('The vocabulary', ref('VocabularyList')),
          '400': invalid(),
          '401': unauthorized,
          '500': internal,
        },
      },
      post: {
        operationId: 'saveWord',
        summary: 'Save a word; saving the same lemma for the same article again changes nothing',
        tags: ['vocabulary'],
        security: BEARER,
        requestBody: jsonBody(inputSchema(saveWordSchema)),
        responses: {
          '201': json('Saved', ref('SavedWord')),
          '200': json('Already saved for this article', ref('SavedWord')),
          '400': invalid('malformed_json'),
          '401': unauthorized,
          '404': notFound('The article named by `articleId`'),
          ...bodyErrors,
          '500': internal,
        },
      },
    },
    '/vocabulary/{id}': {
      delete: {
        operationId: 'deleteWord',
        summary: 'Delete one saved entry',
        tags: ['vocabulary'],
        security: BEARER,
        parameters: [vocabularyIdParameter],
        responses: {
          '204': { description: 'Deleted' },
          '400': invalid(),
          '401': unauthorized,
          '404': notFound('The vocabulary entry'),
          '500': internal,
        },
      },
    },
    '/health': {
      get: {
        operationId: 'health',
        summary: 'Whether Temporal, Postgres and storage answer',
        tags: ['operations'],
        security: PUBLIC,
        responses: {
          '200': json('Every component is up', ref('Health')),
          '503': json('At least one component is down or slower than 2 s', ref('Health')),
        },
      },
    },
    '/metrics': {
      get: {
        operationId: 'metrics',
        summary: 'Prometheus metrics',
        description:
          "With API_METRICS_TOKEN set, send it as a bearer token; without it, only clients on the API's own machine (loopback) are served.",
        tags: ['operations'],
        security: PUBLIC,
        responses: {
          '200': {
            description: 'Prometheus text exposition format',
            content: { 'text/plain': { schema: { type: 'string' } } },
          },
          '401': failure('API_METRICS_TOKEN is set and this request did not carry it', ['unauthorized']),
          '403': failure('No API_METRICS_TOKEN is set and the client is not on this machine', ['forbidden']),
        },
      },
    },
    '/openapi.json': {
      get: {
        operationId: 'openapi',
        summary: 'This document',
        tags: ['operations'],
        security: PUBLIC,
        responses: { '200': json('The OpenAPI 3.1 description of the API', { type: 'object' }) },
      },
    },
  };
}

function build(): OpenApiDocument {
  return {
    openapi: '3.1.0',
    info: {
      title: 'opad API',
      version: '0.1.0',
      description: `Graded reading practice generated from the news. Articles are ${MIN_LENGTH}-${MAX_LENGTH} words; each generation is a Temporal workflow. Errors are \`{error: {code, message, details}}\`; an unknown route answers 404 \`route_not_found\`.`,
    },
    tags: [
      { name: 'auth', description: 'Accounts and bearer tokens' },
      { name: 'articles', description: 'Request, list, read, retry, cancel and delete articles' },
      { name: 'jobs', description: 'Generation progress' },
      { name: 'vocabulary', description: 'Dictionary lookups and saved words' },
      { name: 'usage', description: 'LLM usage and estimated cost' },
      {
        name: 'daily',
        description: 'Daily stories on Temporal Schedules, review of saved words, the streak',
      },
      { name: 'operations', description: 'Health, metrics and this document' },
    ],
    paths: {
      ...buildPaths(),
      ...(learningPaths({
        ref,
        inputSchema,
        parametersOf,
        jsonBody,
        json,
        failure,
        invalid,
        notFound,
        unauthorized,
        internal,
        bodyErrors,
        bearer: BEARER,
      }) as OpenApiDocument['paths']),
    },
    components: {
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          description: 'The token from POST /auth/login',
        },
      },
      schemas: { ...schemas, ...learningSchemas },
    },
  };
}

let document: OpenApiDocument | undefined;

/** The OpenAPI 3.1 description served at /openapi.json; built once, it never changes while the process runs. */
export function openApiDocument(): OpenApiDocument {
  document ??= build();
  return document;
}
