import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');

/**
 * Writes a benchmark's results to bench/results/`name`.json and its section of docs/benchmarks.md between
 * `begin` and `end` (appended when the markers are missing), formatted as the rest of the docs so the lint
 * step stays green.
 */
export function writeBenchSection(
  name: string,
  markers: { begin: string; end: string },
  body: string,
  results: unknown,
): void {
  const resultsFile = path.join(ROOT, 'bench', 'results', `${name}.json`);
  fs.writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
  const section = [markers.begin, body, markers.end].join('\n');
  const document = path.join(ROOT, 'docs', 'benchmarks.md');
  const current = fs.existsSync(document) ? fs.readFileSync(document, 'utf8') : '';
  const begin = current.indexOf(markers.begin);
  const end = current.indexOf(markers.end);
  const updated =
    begin >= 0 && end > begin
      ? current.slice(0, begin) + section + current.slice(end + markers.end.length)
      : `${current.trimEnd()}\n\n${section}\n`;
  fs.writeFileSync(document, updated);
  execFileSync(
    path.join(ROOT, 'node_modules', '.bin', 'biome'),
    ['format', '--write', document, resultsFile],
    {
      cwd: ROOT,
      stdio: 'ignore',
    },
  );
  console.log(`\nwrote ${path.relative(ROOT, resultsFile)} and ${path.relative(ROOT, document)}`);
}
