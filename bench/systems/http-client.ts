import type { ArticleRequest } from '../../workflows/input';
import type { JobClient } from './types';

/** A client of a system's HTTP API: opad's clients carry a token, the baselines take anyone. */
export class HttpJobClient implements JobClient {
  readonly headers: Record<string, string>;

  constructor(
    readonly baseUrl: string,
    token?: string,
  ) {
    this.headers = token ? { authorization: `Bearer ${token}` } : {};
  }

  async submit(request: ArticleRequest): Promise<string> {
    const response = await fetch(`${this.baseUrl}/articles`, {
      method: 'POST',
      headers: { ...this.headers, 'content-type': 'application/json' },
      body: JSON.stringify(request),
    });
    const body = (await response.json()) as { jobId?: string };
    if (response.status !== 202 || !body.jobId) throw new Error(`POST /articles: ${response.status}`);
    return body.jobId;
  }

  async progress(jobId: string): Promise<unknown> {
    const response = await fetch(`${this.baseUrl}/jobs/${jobId}`, { headers: this.headers });
    if (response.status !== 200) throw new Error(`GET /jobs: ${response.status}`);
    return response.json();
  }
}
