import { ApplicationFailure } from '@temporalio/common';
import { z } from 'zod';
import { retryAfterMs } from '../llm/errors';

export interface NewsHit {
  title: string;
  url: string;
  snippet: string;
  source?: string;
  date?: string;
}

export interface NewsSearch {
  readonly name: string;
  search(
    query: string,
    options: { language: string; limit: number; signal?: AbortSignal },
  ): Promise<NewsHit[]>;
}

const serperResponseSchema = z.object({
  news: z
    .array(
      z.object({
        title: z.string(),
        link: z.string(),
        snippet: z.string().optional().default(''),
        source: z.string().optional(),
        date: z.string().optional(),
      }),
    )
    .default([]),
});

/** How long one search may take before it counts as failed (and is retried). */
const SEARCH_TIMEOUT_MS = 20_000;

/** Serper's news endpoint (google.serper.dev) or any server that speaks its protocol. */
export class SerperNewsSearch implements NewsSearch {
  readonly name = 'serper';

  constructor(private readonly settings: { apiKey: string; baseUrl: string; timeoutMs?: number }) {}

  async search(query: string, options: { language: string; limit: number; signal?: AbortSignal }) {
    const timeoutMs = this.settings.timeoutMs ?? SEARCH_TIMEOUT_MS;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    let response: Response;
    try {
      response = await fetch(`${this.settings.baseUrl.replace(/\/$/, '')}/news`, {
        method: 'POST',
        headers: { 'X-API-KEY': this.settings.apiKey, 'Content-Type': 'application/json' },
        body: JSON.stringify({ q: query, hl: options.language, num: options.limit, tbs: 'qdr:w' }),
        signal,
      });
    } catch (error) {
      if (options.signal?.aborted) throw error;
      // A hung or unreachable provider is an outage like any other: retried with backoff, not waited on.
      throw ApplicationFailure.create({
        message: timeout.aborted
          ? `News search did not answer within ${timeoutMs} ms.`
          : `News search could not be reached: ${(error as Error).cause ?? (error as Error).message}`,
        type: 'SearchUnavailable',
      });
    }
    if (response.status === 401 || response.status === 403) {
      throw ApplicationFailure.nonRetryable(
        `The news search provider refused the API key (HTTP ${response.status}). Set a valid SERPER_API_KEY.`,
        'SearchAuthError',
      );
    }
    if (!response.ok) {
      const delay =
        response.status === 429 || response.status === 503 ? retryAfterMs(response.headers) : undefined;
      throw ApplicationFailure.create({
        message: `News search failed with HTTP ${response.status}.`,
        type: 'SearchUnavailable',
        nextRetryDelay: delay,
      });
    }
    const body = serperResponseSchema.parse(await response.json());
    return body.news.map((item) => ({
      title: item.title,
      url: item.link,
      snippet: item.snippet,
      source: item.source,
      date: item.date,
    }));
  }
}
