import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { LlmClient } from '../../activities/llm/llm-client';
import { sharedLlmLimiter } from '../../activities/llm/rate-limit';
import { createApp } from '../../api/app';
import type { ApiDeps } from '../../api/deps';
import { createLimits, type Limits } from '../../api/limits';
import { createMetrics } from '../../api/metrics';
import { openOfflineDictionary } from '../../api/offline-dictionary';
import { type Orchestration, startOrchestration } from '../../api/orchestration';
import { PipelineHarness } from './pipeline-harness';

/** Response bodies are whatever JSON the API sent; each test asserts the fields it relies on. */
// biome-ignore lint/suspicious/noExplicitAny: see above
type AnyJson = any;

export interface ApiResponse<T = AnyJson> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/** A client for the API under test, optionally signed in. */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    readonly token?: string,
  ) {}

  async request<T = AnyJson>(
    method: string,
    path: string,
    options: { body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] = 'application/json';
    } else if (options.rawBody !== undefined) headers['content-type'] ??= 'application/json';
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {}
    return { status: response.status, headers: response.headers, body: parsed as T, text };
  }

  get = <T = AnyJson>(path: string, headers?: Record<string, string>) =>
    this.request<T>('GET', path, { headers });
  post = <T = AnyJson>(path: string, body?: unknown, headers?: Record<string, string>) =>
    this.request<T>('POST', path, { body, headers });
  delete = <T = AnyJson>(path: string) => this.request<T>('DELETE', path);
}

/**
 * Registration answers alike whether or not the email was free (decision 027) and gives no token: a new
 * learner registers, then signs in.
 */
export async function registerAndSignIn(
  baseUrl: string,
  email: string,
  password = 'correct horse battery',
): Promise<{ token: string; user: { id: string; email: string } }> {
  const anonymous = new ApiClient(baseUrl);
  const registered = await anonymous.post('/auth/register', { email, password });
  if (registered.status !== 202) throw new Error(`sign-up failed: ${registered.status} ${registered.text}`);
  const signedIn = await anonymous.post('/auth/login', { email, password });
  if (signedIn.status !== 200) throw new Error(`sign-in failed: ${signedIn.status} ${signedIn.text}`);
  return signedIn.body;
}

/** The pipeline harness plus the Express app on a free port, wired to the same real servers. */
export class ApiHarness extends PipelineHarness {
  private readonly servers: Server[] = [];
  private readonly orchestrations: Orchestration[] = [];
  private readonly limits: Limits[] = [];
  baseUrl = '';
  deps!: ApiDeps;
  private users = 0;

  async startApi(overrides: Partial<ApiDeps['config']['api']> = {}): Promise<this> {
    const served = await this.serveApi(overrides);
    this.deps = served.deps;
    this.baseUrl = served.baseUrl;
    return this;
  }

  /** Another app on the same servers, e.g. with other limits; closed with the harness. */
  async serveApi(overrides: Partial<ApiDeps['config']['api']> = {}) {
    const config = this.config();
    config.api = { ...config.api, ...overrides };
    const logger = pino({ level: 'silent' });
    const metrics = createMetrics();
    const orchestration = await startOrchestration({
      config,
      db: this.db,
      databaseUrl: this.databaseUrl,
      temporal: this.client,
      metrics,
      logger,
    });
    this.orchestrations.push(orchestration);
    const limits = createLimits(this.databaseUrl, config.api);
    this.limits.push(limits);
    const deps: ApiDeps = {
      config,
      db: this.db,
      temporal: this.client,
      blobs: this.blobs,
      logger,
      metrics,
      llm: new LlmClient(config.llm, sharedLlmLimiter(this.db, config.llm.rateLimit)),
      prices: config.llm.prices,
      dictionary: openOfflineDictionary(config.api.dictionaryDir),
      starter: orchestration.starter,
      progress: orchestration.progress,
      limits,
    };
    const server = createApp(deps).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    this.servers.push(server);
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return { deps, baseUrl, client: (token?: string) => new ApiClient(baseUrl, token) };
  }

  anonymous(): ApiClient {
    return new ApiClient(this.baseUrl);
  }

  /** Registers a fresh user and returns a client signed in as them. */
  async signUp(): Promise<ApiClient & { email: string; userId: string }> {
    const email = `reader${++this.users}-${Date.now()}@example.com`;
    const { token, user } = await registerAndSignIn(this.baseUrl, email);
    return Object.assign(new ApiClient(this.baseUrl, token), { email, userId: user.id });
  }

  protected override async shutdown(): Promise<void> {
    for (const server of this.servers) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
    for (const orchestration of this.orchestrations) await orchestration.close();
    for (const limits of this.limits) await limits.close();
    await super.shutdown();
  }
}

/**
 * The usual API suite: real servers and a worker started once for the file, the API on top, and the fake
 * providers reset before each test.
 */
export function useApiHarness(
  api: Partial<ApiDeps['config']['api']> = { rateLimitPerMinute: 1000 },
): ApiHarness {
  const harness = new ApiHarness();
  beforeAll(async () => {
    await harness.start();
    await harness.startWorker();
    await harness.startApi(api);
  });
  afterAll(() => harness.close());
  beforeEach(() => {
    harness.llm.reset();
    harness.news.reset();
  });
  return harness;
}
