import { Writable } from 'node:stream';
import { loadConfig } from './env';
import { createLogger, formatSdkLogLine, scrubSecrets } from './logger';

const TOKEN = 'opad_Zq3x9VwT2mKp8LrN4sYb7HcJ1dFgA6eU5iO0lWqRtyE';
const OPENAI_KEY = 'sk-proj-4f9a8b7c6d5e4f3a2b1c';
const SERPER_KEY = 'serper-9c8b7a6f5e4d3c2b';
const DATABASE_URL = 'postgres://opad:s3cret-pass@db.internal:5432/opad';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger('debug', stream), text: () => lines.join('') };
}

test('request headers, body fields and error texts carry no secret into the log', () => {
  const { logger, text } = capture();
  logger.info({
    req: {
      method: 'POST',
      url: '/articles',
      headers: { authorization: `Bearer ${TOKEN}`, cookie: `opad_token=${TOKEN}`, 'x-api-key': SERPER_KEY },
    },
    res: { statusCode: 202, headers: { 'set-cookie': `opad_token=${TOKEN}; HttpOnly` } },
  });
  logger.warn({ body: { email: 'me@example.com', password: 'a long passphrase' } }, 'sign-in refused');
  logger.error(
    { err: new Error(`upstream said: Incorrect API key provided: ${OPENAI_KEY}`) },
    'draft failed',
  );
  logger.error(`could not connect to ${DATABASE_URL} with Bearer ${TOKEN}`);

  const written = text();
  for (const secret of [TOKEN, OPENAI_KEY, SERPER_KEY, 's3cret-pass', 'a long passphrase'])
    expect(written).not.toContain(secret);
  expect(written).toContain('"authorization":"[redacted]"');
  expect(written).toContain('postgres://opad:[redacted]@db.internal:5432/opad');
  expect(written).toContain('me@example.com');
});

test('SDK log lines lose their secrets and keep the rest', () => {
  const line = formatSdkLogLine({
    level: 'WARN',
    message: 'Activity failed',
    meta: { error: `401: ${OPENAI_KEY}`, workflowId: 'article-1' },
  });
  expect(line).not.toContain(OPENAI_KEY);
  expect(line).toContain('article-1');
  expect(scrubSecrets('nothing secret here: article-1, 202')).toBe('nothing secret here: article-1, 202');
});

test('a Temporal API key is removed from every log line, whatever its shape', () => {
  // Temporal Cloud's keys are JWTs, removed by shape; a key of any other shape, by value once configured.
  const cloudKey =
    'eyJhbGciOiJFUzI1NiIsImtpZCI6Ild2dHdhQSJ9.eyJhY2NvdW50X2lkIjoiYWJjMTIzIn0.c2lnbmF0dXJlLXBhcnQ';
  const otherKey = 'tmprl-Q7w8E9r0T1y2U3i4O5p6';
  expect(scrubSecrets(`refused ${cloudKey}`)).toBe('refused [redacted]');
  loadConfig({ TEMPORAL_API_KEY: otherKey });

  const { logger, text } = capture();
  logger.info({ temporal: { apiKey: otherKey, address: 'ns.acct.tmprl.cloud:7233' } }, 'connecting');
  logger.error({ err: new Error(`Request unauthorized with key ${otherKey}`) }, 'Temporal refused us');
  logger.warn(`metadata: authorization=${otherKey}`);
  const sdkLine = formatSdkLogLine({ level: 'WARN', message: 'poll failed', meta: { apiKey: otherKey } });

  for (const written of [text(), sdkLine]) expect(written).not.toContain(otherKey);
  expect(text()).toContain('ns.acct.tmprl.cloud:7233');
  expect(text()).toContain('Request unauthorized with key [redacted]');
});
