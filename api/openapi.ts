/** The OpenAPI 3.1 description served at /openapi.json. */
export function openApiDocument(): Record<string, unknown> {
  return { openapi: '3.1.0', info: { title: 'opad API', version: '0.1.0' }, paths: {} };
}
