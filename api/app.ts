import express, { type RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import { addressBucket } from './client-address';
import type { ApiDeps } from './deps';
import { errorHandler, HttpError, unknownRoute } from './errors';
import { routeLabel } from './metrics';
import { openApiDocument } from './openapi';
import { articleRoutes } from './routes/articles';
import { authRoutes } from './routes/auth';
import { healthRoutes } from './routes/health';
import { jobRoutes } from './routes/jobs';
import { reviewRoutes } from './routes/review';
import { subscriptionRoutes } from './routes/subscriptions';
import { todayRoutes } from './routes/today';
import { usageRoutes } from './routes/usage';
import { vocabularyRoutes } from './routes/vocabulary';

/** Requests per minute per client (user when signed in, else address), counted in this process. */
function perMinuteLimiter(limit: number): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    // ipKeyGenerator (inside addressBucket) groups IPv6 by its /64.
    keyGenerator: (req) => req.user?.id ?? addressBucket(req),
    handler: (_req, _res, next, options) =>
      next(
        new HttpError(
          429,
          'rate_limited',
          `Too many requests: at most ${options.limit} per minute; try again shortly`,
        ),
      ),
  });
}

function recordDuration(deps: ApiDeps): RequestHandler {
  return (req, res, next) => {
    const stop = deps.metrics.requestDuration.startTimer();
    res.on('finish', () => {
      stop({ method: req.method, route: routeLabel(req.path), status: String(res.statusCode) });
    });
    next();
  };
}

export function createApp(deps: ApiDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  // X-Forwarded-For names the client only when the web (or another trusted proxy) sent the request.
  app.set('trust proxy', deps.config.api.trustedProxies);
  app.use(pinoHttp({ logger: deps.logger, autoLogging: { ignore: (req) => req.url === '/health' } }));
  app.use(helmet());
  app.use(recordDuration(deps));
  app.use(express.json({ limit: deps.config.api.bodyLimit }));

  app.get('/openapi.json', (_req, res) => {
    res.json(openApiDocument());
  });
  app.use(healthRoutes(deps));
  app.use(authRoutes(deps));
  // Before the article routes, so POST /articles/:id/read checks the token once.
  app.use(todayRoutes(deps));
  app.use(articleRoutes(deps));
  app.use(jobRoutes(deps, perMinuteLimiter(deps.config.api.jobsRateLimitPerMinute)));
  app.use(usageRoutes(deps));
  app.use(vocabularyRoutes(deps));
  app.use(subscriptionRoutes(deps));
  app.use(reviewRoutes(deps));
  app.use(unknownRoute);
  app.use(errorHandler);
  return app;
}
