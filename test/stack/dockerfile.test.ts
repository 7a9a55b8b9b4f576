import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const dockerfile = fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
const engines = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).engines.node as string;

/** The Dockerfile's stages, each from its FROM line to the next. */
const stages = dockerfile
  .split(/^(?=FROM )/m)
  .filter((stage) => stage.startsWith('FROM '))
  .map((stage) => ({ from: stage.split('\n')[0] as string, body: stage }));

test('the image runs on a supported Node.js LTS that package.json names', () => {
  const runtime = stages.at(-1);
  const major = runtime?.from.match(/^FROM node:(\d+)-/)?.[1];
  expect(['22', '24']).toContain(major);
  expect(engines).toContain(`^${major}.`);
  // Node.js 20 reached its end of life in April 2026.
  for (const stage of stages) expect(stage.from).not.toMatch(/node:(1\d|20|21|23)\b/);
});

test('the running image installs production dependencies only; the web is built in a stage of its own', () => {
  const runtime = stages.at(-1)?.body ?? '';
  const installs = runtime.split('\n').filter((line) => /\bnpm (ci|install)\b/.test(line));
  expect(installs).toHaveLength(1);
  expect(installs[0]).toContain('--omit=dev');
  expect(installs[0]).not.toContain('--include=dev');
  expect(runtime).toMatch(/^COPY --from=\S+ \/app\/web\/\.next web\/\.next$/m);
  expect(runtime).toMatch(/^USER node$/m);
});
