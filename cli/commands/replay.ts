import fs from 'node:fs';
import path from 'node:path';
import type { Context } from '../context';
import { CliError, EXIT, UsageError } from '../errors';
import { workflowIdOf } from '../ids';
import { println } from '../io';
import { fetchHistory } from '../temporal';

export interface ReplayOptions {
  workflows?: string;
  runId?: string;
}

interface LoadedHistory {
  history: unknown;
  /** Shown in messages and passed to the replayer as the workflow ID. */
  label: string;
  events: number;
}

const EXPORT_HINT =
  'export one with `opad history <id> --output history.json` or `temporal workflow show --output json`';

function readHistoryFile(file: string): LoadedHistory {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CliError(`no such file: ${file}`, [EXPORT_HINT]);
    throw new CliError(`cannot read ${file}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new CliError(`${file} is not JSON: ${(error as Error).message}`, [EXPORT_HINT]);
  }
  const events = (parsed as { events?: unknown } | null)?.events;
  if (!Array.isArray(events) || events.length === 0 || typeof events[0]?.eventType !== 'string')
    throw new CliError(`${file} is not a workflow history: it has no list of events`, [EXPORT_HINT]);
  return { history: parsed, label: path.basename(file), events: events.length };
}

async function loadHistory(ctx: Context, target: string, runId?: string): Promise<LoadedHistory> {
  const isFile = target.endsWith('.json') || fs.statSync(target, { throwIfNoEntry: false })?.isFile();
  if (isFile) {
    if (runId) throw new UsageError('--run-id applies to a workflow on the server, not to a history file');
    return readHistoryFile(target);
  }
  const workflowId = workflowIdOf(target);
  const history = await fetchHistory(ctx.settings, workflowId, runId);
  return { history, label: workflowId, events: history.events?.length ?? 0 };
}

function workflowsPathOf(option: string): string {
  const resolved = path.resolve(option);
  try {
    return require.resolve(resolved);
  } catch {
    throw new UsageError(`--workflows: no workflow code at ${option}`, [
      'give the file or folder that exports the workflow functions, e.g. workflows/index.ts',
    ]);
  }
}

/** The core's own words (`[TMPRL1100] Nondeterminism error: ...`) from the Rust debug dump around them. */
function coreMessageOf(message: string): string {
  return message.match(/message: "((?:[^"\\]|\\.)*)"/)?.[1] ?? message;
}

/**
 * Replays a recorded history against workflow code: the current code by default, so a change that would break
 * running generations shows before it is deployed.
 */
export async function replay(ctx: Context, target: string, options: ReplayOptions): Promise<number> {
  const workflowsPath = options.workflows ? workflowsPathOf(options.workflows) : undefined;
  const loaded = await loadHistory(ctx, target, options.runId);
  // Loaded here, not at the top: the worker SDK and the workflow bundler take seconds to load.
  const { DefaultLogger, Runtime, Worker } =
    require('@temporalio/worker') as typeof import('@temporalio/worker');
  // The replayer logs the nondeterminism it finds as a warning; this command reports it once, in its own words.
  Runtime.install({
    logger: new DefaultLogger('ERROR'),
    telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' }, forward: {} } },
  });
  const code = workflowsPath ? path.relative(process.cwd(), workflowsPath) : 'the current workflow code';
  try {
    if (workflowsPath) {
      await Worker.runReplayHistory({ workflowsPath }, loaded.history, loaded.label);
    } else {
      const { bundleWorkflows } =
        require('../../worker/create-worker') as typeof import('../../worker/create-worker');
      await Worker.runReplayHistory(
        { workflowBundle: await bundleWorkflows() },
        loaded.history,
        loaded.label,
      );
    }
  } catch (error) {
    const { name, message } = error as Error;
    if (name === 'DeterminismViolationError') {
      throw new CliError(`replay failed: ${code} is nondeterministic for ${loaded.label}`, [
        coreMessageOf(message),
        'a change to workflow code that running generations have already passed needs patched() or a new workflow type',
      ]);
    }
    throw new CliError(`replay failed: ${loaded.label} against ${code}: ${name}: ${message}`);
  }
  println(ctx.io.out, `replay ok: ${loaded.label} (${loaded.events} events) replays against ${code}`);
  return EXIT.ok;
}
