import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { loadConfig } from '../config/env';
import { ensureChromium } from './chromium';
import { describeDictionaries, ensureDictionaries } from './dictionaries';
import { ensureNarration } from './narration';

export type ToolName =
  | 'temporal'
  | 'temporal-server'
  | 'temporal-sql-tool'
  | 'temporal-ui-server'
  | 'versitygw'
  | 'docker-compose';

interface ToolSpec {
  goPackage: string;
  /** The file `go install` writes, when it is not the tool's name. */
  goBinary?: string;
  /** Temporal CLI tags from v1.6.0 carry a `replace` directive that `go install pkg@version` rejects. */
  version: string;
  what: string;
}

export const TOOLS: Record<ToolName, ToolSpec> = {
  temporal: {
    goPackage: 'github.com/temporalio/cli/cmd/temporal',
    version: 'v1.5.1',
    what: 'the Temporal CLI, which runs the Temporal dev server and its Web UI',
  },
  'temporal-server': {
    goPackage: 'go.temporal.io/server/cmd/server',
    goBinary: 'server',
    version: 'v1.29.1',
    what: 'the Temporal server, all four services in one process, for the cluster mode (OPAD_TEMPORAL=server)',
  },
  'temporal-sql-tool': {
    goPackage: 'go.temporal.io/server/cmd/tools/sql',
    goBinary: 'sql',
    version: 'v1.29.1',
    what: "the Temporal server's schema tool, which sets up and migrates its PostgreSQL databases",
  },
  'temporal-ui-server': {
    goPackage: 'github.com/temporalio/ui-server/v2/cmd/server',
    goBinary: 'server',
    // The release the Temporal CLI v1.5.1 embeds (its go.mod); the module carries the built web assets.
    version: 'v2.42.1',
    what: 'the Temporal Web UI server, for the cluster mode',
  },
  versitygw: {
    goPackage: 'github.com/versity/versitygw/cmd/versitygw',
    version: 'v1.7.0',
    what: 'versitygw, a real S3-compatible server that the storage tests run against',
  },
  'docker-compose': {
    goPackage: 'github.com/docker/compose/v2/cmd',
    goBinary: 'cmd',
    version: 'v2.29.7',
    what: 'the Docker Compose CLI plugin, which checks docker-compose.temporal.yml (no Docker engine needed)',
  },
};

/** Where a tool comes from: a binary, or (Temporal only) the SDK's own download of the dev server. */
export type ToolLocation = { kind: 'binary'; path: string } | { kind: 'sdk-download'; downloadDir: string };

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {}
  }
  return undefined;
}

function cachedToolPath(name: ToolName, toolsDir: string): string {
  return path.join(toolsDir, `${name}@${TOOLS[name].version}`, name);
}

async function goAvailable(): Promise<boolean> {
  try {
    await promisify(execFile)('go', ['version']);
    return true;
  } catch {
    return false;
  }
}

function announce(message: string): void {
  process.stderr.write(`opad tools: ${message}\n`);
}

/** Builds the tool with `go install` into a fresh folder, then moves it into place, so a half build is never used. */
async function goInstall(name: ToolName, target: string): Promise<void> {
  const spec = TOOLS[name];
  const staging = fs.mkdtempSync(path.join(path.dirname(path.dirname(target)), `.build-${name}-`));
  announce(`building ${name} ${spec.version}, ${spec.what}.`);
  announce(
    `running: go install ${spec.goPackage}@${spec.version} (the first build takes a few minutes; later runs reuse ${target})`,
  );
  const started = Date.now();
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn('go', ['install', `${spec.goPackage}@${spec.version}`], {
        env: {
          ...process.env,
          GOBIN: staging,
          GOFLAGS: `${process.env.GOFLAGS ?? ''} -buildvcs=false`.trim(),
        },
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      child.once('error', reject);
      child.once('exit', (code) =>
        code === 0
          ? resolve()
          : reject(new Error(`go install ${spec.goPackage}@${spec.version} exited ${code}`)),
      );
    });
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.renameSync(path.join(staging, spec.goBinary ?? name), target);
    announce(`built ${name} in ${Math.round((Date.now() - started) / 1000)} s: ${target}`);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/** Finds or builds a tool: PATH first, then the cache, then `go install`, then (Temporal only) the SDK download. */
export async function ensureTool(name: ToolName, toolsDir = loadConfig().toolsDir): Promise<ToolLocation> {
  const found = onPath(name);
  if (found) return { kind: 'binary', path: found };
  const cached = cachedToolPath(name, toolsDir);
  if (fs.existsSync(cached)) return { kind: 'binary', path: cached };
  fs.mkdirSync(toolsDir, { recursive: true });
  if (await goAvailable()) {
    await goInstall(name, cached);
    return { kind: 'binary', path: cached };
  }
  if (name === 'temporal') {
    announce(
      'no temporal on PATH and no Go toolchain; the Temporal SDK will download the dev server (needs the internet).',
    );
    return { kind: 'sdk-download', downloadDir: toolsDir };
  }
  throw new Error(
    `${name} is missing: install Go 1.25+ so opad can build it, or put a ${name} binary on PATH.`,
  );
}

export async function ensureBinary(name: ToolName, toolsDir?: string): Promise<string> {
  const location = await ensureTool(name, toolsDir);
  if (location.kind !== 'binary')
    throw new Error(`${name} is needed as a local binary; install Go 1.25+ or put it on PATH.`);
  return location.path;
}

if (require.main === module) {
  (async () => {
    for (const name of Object.keys(TOOLS) as ToolName[]) {
      const location = await ensureTool(name);
      announce(
        `${name}: ${location.kind === 'binary' ? location.path : 'downloaded by the Temporal SDK on first start'}`,
      );
    }
    announce(`chromium: ${await ensureChromium()} (for the browser tests)`);
    const dictionaryDir = loadConfig().api.dictionaryDir;
    announce(`dictionaries: ${describeDictionaries(await ensureDictionaries(dictionaryDir))}`);
    announce(`narration: ${await ensureNarration(loadConfig().narration)}`);
  })().catch((error: Error) => {
    process.stderr.write(`opad tools: ${error.message}\n`);
    process.exit(1);
  });
}
