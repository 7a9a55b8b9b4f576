import type { ApiErrorBody } from '../contracts/api-types';
import { CliError, EXIT, errorCode, networkReason, notSignedIn } from './errors';

/** How long one plain request may take; event streams have their own idle limit. */
const REQUEST_TIMEOUT_MS = 30_000;

/** An answer of the API that is not 2xx, with its `{error: {code, message, details}}`. */
export class ApiError extends CliError {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown,
  ) {
    // A 400 about the request's fields is the command line's fault, so it exits like a usage error.
    super(
      message,
      fieldLines(details),
      status === 400 && code === 'invalid_request' ? EXIT.usage : EXIT.failure,
    );
  }
}

/** The API could not be reached at all, or stopped answering; `code` is the socket error, e.g. ECONNREFUSED. */
export class ApiUnreachableError extends CliError {
  constructor(
    readonly apiUrl: string,
    readonly code: string | undefined,
    reason: string,
  ) {
    super(`cannot reach the opad API at ${apiUrl} (is \`npm start\` running?)`, [
      `${reason}; --api or OPAD_API_URL chooses another address`,
    ]);
  }
}

function fieldLines(details: unknown): string[] {
  if (typeof details !== 'object' || details === null) return [];
  const fields = (details as { fields?: unknown }).fields;
  if (typeof fields !== 'object' || fields === null) return [];
  return Object.entries(fields).map(([field, problem]) => `${field}: ${String(problem)}`);
}

function isErrorBody(value: unknown): value is { error: ApiErrorBody } {
  const error = (value as { error?: Partial<ApiErrorBody> } | null)?.error;
  return typeof error?.code === 'string' && typeof error.message === 'string';
}

export interface RequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
  query?: Record<string, string | number | undefined>;
  /** false for the routes that work without a token (register, login). */
  auth?: boolean;
  signal?: AbortSignal;
}

export class ApiClient {
  constructor(
    readonly baseUrl: string,
    private readonly token: string | undefined,
  ) {}

  private urlOf(path: string, query: RequestOptions['query'] = {}): string {
    const url = new URL(`${this.baseUrl}${path}`);
    for (const [name, value] of Object.entries(query))
      if (value !== undefined) url.searchParams.set(name, String(value));
    return url.toString();
  }

  private async send(method: string, path: string, options: RequestOptions): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    // Without a token the request still goes out: the API's 401 says "sign in", while a wrong address
    // should say "cannot reach", not "sign in" (tokens are saved per API URL).
    if (options.auth !== false && this.token) headers.authorization = `Bearer ${this.token}`;
    let body: string | undefined;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] = 'application/json';
    }
    const signal = options.signal ?? AbortSignal.timeout(REQUEST_TIMEOUT_MS);
    let response: Response;
    try {
      response = await fetch(this.urlOf(path, options.query), { method, headers, body, signal });
    } catch (error) {
      throw this.unreachable(error);
    }
    if (!response.ok) throw await this.errorOf(response);
    return response;
  }

  unreachable(error: unknown): CliError {
    if (error instanceof CliError) return error;
    if (error instanceof Error && error.name === 'TimeoutError') {
      return new ApiUnreachableError(
        this.baseUrl,
        'ETIMEDOUT',
        `no answer within ${REQUEST_TIMEOUT_MS / 1000} s`,
      );
    }
    const reason = networkReason(error);
    // fetch refuses a few well-known ports outright (the Fetch standard's "bad ports"), before any connect.
    const port = new URL(this.baseUrl).port;
    if (reason === 'bad port')
      return new ApiUnreachableError(this.baseUrl, 'EBADPORT', `fetch refuses port ${port}`);
    return new ApiUnreachableError(this.baseUrl, errorCode(error), reason);
  }

  private async errorOf(response: Response): Promise<CliError> {
    let parsed: unknown;
    try {
      parsed = await response.json();
    } catch {}
    const error = isErrorBody(parsed) ? parsed.error : undefined;
    // A wrong password is also a 401, and its own message says more than "sign in again".
    if (response.status === 401 && error?.code !== 'invalid_credentials') return notSignedIn();
    if (!error) {
      return new ApiError(
        response.status,
        'http_error',
        `the opad API at ${this.baseUrl} answered ${response.status} ${response.statusText}`.trim(),
        undefined,
      );
    }
    return new ApiError(response.status, error.code, error.message, error.details);
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const response = await this.send(method, path, options);
    const text = await response.text().catch((error: unknown) => {
      throw this.unreachable(error);
    });
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** A body that is not JSON, such as the vocabulary export. */
  async text(path: string, query?: RequestOptions['query']): Promise<string> {
    const response = await this.send('GET', path, { query, headers: { accept: '*/*' } });
    return response.text().catch((error: unknown) => {
      throw this.unreachable(error);
    });
  }

  get<T>(path: string, query?: RequestOptions['query']): Promise<T> {
    return this.request<T>('GET', path, { query });
  }

  post<T>(path: string, body?: unknown, options: Omit<RequestOptions, 'body'> = {}): Promise<T> {
    return this.request<T>('POST', path, { ...options, body });
  }

  /** A binary resource, such as the narration, whole. */
  async download(path: string): Promise<Buffer> {
    const response = await this.send('GET', path, { headers: { accept: '*/*' } });
    try {
      return Buffer.from(await response.arrayBuffer());
    } catch (error) {
      throw this.unreachable(error);
    }
  }

  /** Opens a Server-Sent Events stream; the caller reads the body and aborts `signal` to stop. */
  async openStream(
    path: string,
    headers: Record<string, string>,
    signal: AbortSignal,
  ): Promise<AsyncIterable<Uint8Array>> {
    const response = await this.send('GET', path, {
      headers: { ...headers, accept: 'text/event-stream' },
      signal,
    });
    if (!response.body) throw new CliError(`the opad API at ${this.baseUrl} sent an empty event stream`);
    return response.body as unknown as AsyncIterable<Uint8Array>;
  }
}
