import { randomUUID } from 'node:crypto';
import { createApp } from '../../api/app';
import { CEFR_LEVELS, LANGUAGES, MAX_LENGTH, MIN_LENGTH } from '../../workflows/input';
import { type ApiClient, useApiHarness } from '../helpers/api-harness';

const harness = useApiHarness();

// biome-ignore lint/suspicious/noExplicitAny: the document is plain JSON; each test checks what it relies on
type Json = any;

interface RouteLayer {
  rawPath?: unknown;
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: RouteLayer[] };
}

/** Every method and path the Express app routes, found by walking its router (Express 5 / router 2). */
function routesOf(stack: RouteLayer[], prefix = ''): string[] {
  return stack.flatMap((layer) => {
    if (layer.route) {
      return Object.keys(layer.route.methods)
        .filter((method) => layer.route?.methods[method])
        .map((method) => `${method.toUpperCase()} ${prefix}${layer.route?.path}`);
    }
    if (layer.handle?.stack) {
      const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
      return routesOf(layer.handle.stack, `${prefix}${mount}`);
    }
    return [];
  });
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

/** Every method and path the document describes, in Express's `:param` syntax. */
function documented(doc: Json): string[] {
  return Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, item]) =>
    Object.keys(item)
      .filter((key) => METHODS.includes(key))
      .map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
  );
}

/** A concrete URL for a documented path: a fresh UUID for ids and a well-formed job id for jobs. */
const concrete = (path: string) =>
  path.replace('{jobId}', `article-${randomUUID()}`).replace(/\{\w+\}/g, () => randomUUID());

let doc: Json;

beforeAll(async () => {
  const res = await harness.anonymous().get('/openapi.json');
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  doc = res.body;
});

test('the document is OpenAPI 3.1 with a bearer scheme, unique operation ids and no dangling $ref', () => {
  expect(doc.openapi).toMatch(/^3\.1\./);
  expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
  expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });

  const operations = Object.values(doc.paths).flatMap((item: Json) =>
    METHODS.filter((method) => item[method]).map((method) => item[method]),
  );
  const ids = operations.map((operation: Json) => operation.operationId);
  expect(new Set(ids).size).toBe(ids.length);
  for (const operation of operations) {
    expect(Object.keys(operation.responses).length).toBeGreaterThan(0);
    expect(Array.isArray(operation.security)).toBe(true);
  }

  const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
  expect(refs.length).toBeGreaterThan(0);
  for (const ref of refs) {
    const pointer = (JSON.parse(`{${ref}}`) as { $ref: string }).$ref;
    expect(pointer).toMatch(/^#\//);
    const target = pointer
      .slice(2)
      .split('/')
      .reduce((node: Json, key) => node?.[key], doc);
    expect({ pointer, found: target !== undefined }).toEqual({ pointer, found: true });
  }
  // Errors share one shape.
  expect(doc.components.schemas.Error.properties.error.required).toEqual(['code', 'message']);
});

test('every route the app serves is in the document, and the document describes no other', () => {
  const app = createApp(harness.deps);
  const served = routesOf((app.router as unknown as { stack: RouteLayer[] }).stack);
  expect(served.length).toBeGreaterThan(10);
  expect(new Set(documented(doc))).toEqual(new Set(served));
});

/** Calls every documented operation and checks the status is one the document lists for it. */
async function callEverything(client: ApiClient) {
  const results: Array<{ call: string; status: number; code?: string; documented: string[] }> = [];
  for (const [path, item] of Object.entries(doc.paths as Record<string, Json>)) {
    for (const method of METHODS.filter((candidate) => item[candidate])) {
      // Bodies are left empty: the point is which route answers, not a successful request.
      const res = await client.request(method.toUpperCase(), concrete(path), {
        headers: { 'content-type': 'application/json' },
      });
      results.push({
        call: `${method.toUpperCase()} ${path}`,
        status: res.status,
        code: res.body?.error?.code,
        documented: Object.keys(item[method].responses),
      });
    }
  }
  return results;
}

test('every documented operation is routed, and answers a status the document lists', async () => {
  for (const client of [harness.anonymous(), await harness.signUp()]) {
    for (const result of await callEverything(client)) {
      expect({ call: result.call, code: result.code }).not.toEqual({
        call: result.call,
        code: 'route_not_found',
      });
      expect({ call: result.call, documented: result.documented }).toEqual({
        call: result.call,
        documented: expect.arrayContaining([String(result.status)]),
      });
    }
  }
});

test('operations that answer 401 without a token declare bearer security; the others are public', async () => {
  for (const result of await callEverything(harness.anonymous())) {
    const [method, path] = result.call.split(' ') as [string, string];
    const security = doc.paths[path][method.toLowerCase()].security;
    if (result.status === 401)
      expect({ call: result.call, security }).toEqual({ call: result.call, security: [{ bearerAuth: [] }] });
    else expect({ call: result.call, security }).toEqual({ call: result.call, security: [] });
  }
});

/** The keywords these schemas use; enough to ask the document what it would reject. */
function violations(schema: Json, value: Record<string, unknown>): string[] {
  const bad = new Set<string>((schema.required ?? []).filter((key: string) => !(key in value)));
  for (const [key, field] of Object.entries(value)) {
    const rule = schema.properties?.[key];
    if (!rule) continue;
    const ok =
      (rule.type !== 'integer' || Number.isInteger(field)) &&
      (rule.type !== 'string' || typeof field === 'string') &&
      (rule.enum === undefined || rule.enum.includes(field)) &&
      (rule.minimum === undefined || (typeof field === 'number' && field >= rule.minimum)) &&
      (rule.maximum === undefined || (typeof field === 'number' && field <= rule.maximum)) &&
      (rule.minLength === undefined || (typeof field === 'string' && field.length >= rule.minLength)) &&
      (rule.maxLength === undefined || (typeof field === 'string' && field.length <= rule.maxLength));
    if (!ok) bad.add(key);
  }
  return [...bad].sort();
}

test('the POST /articles body schema rejects exactly what the API rejects', async () => {
  const schema = doc.paths['/articles'].post.requestBody.content['application/json'].schema;
  expect(schema.required.sort()).toEqual(['language', 'length', 'level', 'topic']);
  expect(schema.properties.level.enum).toEqual([...CEFR_LEVELS]);
  expect(schema.properties.language.enum).toEqual(Object.keys(LANGUAGES));
  expect(schema.properties.length).toMatchObject({
    type: 'integer',
    minimum: MIN_LENGTH,
    maximum: MAX_LENGTH,
  });
  expect(MIN_LENGTH).toBe(100);
  expect(MAX_LENGTH).toBe(2000);

  const reader = await harness.signUp();
  const good = { language: 'en', level: 'B1', length: 300, topic: 'renewable energy' };
  const bodies = [
    { ...good, length: 99 },
    { ...good, length: 2001 },
    { ...good, length: 250.5 },
    { ...good, length: '300' },
    { ...good, level: 'D1' },
    { ...good, language: 'xx' },
    { ...good, topic: 'x' },
    { ...good, topic: 'x'.repeat(201) },
    { language: 'en', level: 'B1' },
    { ...good, length: 2001, level: 'b1' },
  ];
  for (const body of bodies) {
    const res = await reader.post('/articles', body);
    const expected = violations(schema, body);
    expect(expected.length).toBeGreaterThan(0);
    expect({
      body,
      status: res.status,
      fields: Object.keys(res.body.error?.details?.fields ?? {}).sort(),
    }).toEqual({ body, status: 400, fields: expected });
  }

  // What the document accepts, the API accepts.
  expect(violations(schema, good)).toEqual([]);
  const accepted = await reader.post('/articles', good);
  expect(accepted.status).toBe(202);
  expect(doc.paths['/articles'].post.responses['202']).toBeDefined();
  await harness.jobResult(accepted.body.jobId);
});

test('query and path parameters come from the schemas the routes parse with', async () => {
  const list = doc.paths['/articles'].get.parameters;
  const limit = list.find((parameter: Json) => parameter.name === 'limit');
  expect(limit).toMatchObject({ in: 'query', required: false, schema: { minimum: 1, maximum: 100 } });
  const reader = await harness.signUp();
  expect((await reader.get('/articles?limit=100')).status).toBe(200);
  expect((await reader.get('/articles?limit=101')).status).toBe(400);

  const usage = doc.paths['/usage'].get.parameters.map((parameter: Json) => parameter.name).sort();
  expect(usage).toEqual(['from', 'to']);
  for (const path of ['/articles/{id}', '/usage/articles/{id}']) {
    expect(doc.paths[path].get.parameters).toEqual([
      expect.objectContaining({
        name: 'id',
        in: 'path',
        required: true,
        schema: expect.objectContaining({ format: 'uuid' }),
      }),
    ]);
  }
  expect(doc.paths['/jobs/{jobId}/events'].get.responses['200'].content).toHaveProperty([
    'text/event-stream',
  ]);
  expect(doc.paths['/articles'].post.parameters.map((parameter: Json) => parameter.name)).toEqual([
    'force',
    'Idempotency-Key',
  ]);
});
