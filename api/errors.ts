import type { ErrorRequestHandler, RequestHandler } from 'express';

/** An error the client can act on; its status is always 4xx, or 503 when a dependency is down. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    /** Sent with the answer, e.g. Retry-After on a 429. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new HttpError(404, 'not_found', `${what} was not found`);

export const unknownRoute: RequestHandler = (req) => {
  throw new HttpError(404, 'route_not_found', `No route ${req.method} ${req.path}; see /openapi.json`);
};

/** body-parser marks its own errors with a `type`; they are the client's doing, never a 5xx. */
function fromBodyParser(error: { type?: string; limit?: number }): HttpError | undefined {
  if (error.type === 'entity.too.large') {
    return new HttpError(
      413,
      'payload_too_large',
      `The request body is larger than the limit of ${error.limit} bytes`,
    );
  }
  if (error.type === 'entity.parse.failed')
    return new HttpError(400, 'malformed_json', 'The request body is not valid JSON');
  if (error.type === 'encoding.unsupported' || error.type === 'charset.unsupported') {
    return new HttpError(415, 'unsupported_encoding', 'Send the body as UTF-8 JSON');
  }
  return undefined;
}

export const errorHandler: ErrorRequestHandler = (error, req, res, _next) => {
  const known = error instanceof HttpError ? error : fromBodyParser(error);
  if (res.headersSent) {
    res.end();
    return;
  }
  if (known) {
    if (known instanceof HttpError) res.set(known.headers);
    res
      .status(known.status)
      .json({ error: { code: known.code, message: known.message, details: known.details } });
    return;
  }
  req.log?.error({ err: error }, 'unhandled error');
  res
    .status(500)
    .json({ error: { code: 'internal', message: 'Something went wrong on our side; it has been logged.' } });
};
