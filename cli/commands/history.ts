import fs from 'node:fs';
import type { Context } from '../context';
import { CliError, EXIT } from '../errors';
import { workflowIdOf } from '../ids';
import { println } from '../io';
import { fetchHistory, historyJson } from '../temporal';

export interface HistoryOptions {
  runId?: string;
  output?: string;
}

/** Exports a run's history as JSON for `opad replay`, `temporal workflow show` readers and bug reports. */
export async function history(ctx: Context, id: string, options: HistoryOptions): Promise<number> {
  const workflowId = workflowIdOf(id);
  const events = await fetchHistory(ctx.settings, workflowId, options.runId);
  const json = `${historyJson(events)}\n`;
  if (!options.output) {
    ctx.io.out.write(json);
    return EXIT.ok;
  }
  try {
    fs.writeFileSync(options.output, json);
  } catch (error) {
    throw new CliError(`cannot write ${options.output}: ${(error as Error).message}`);
  }
  println(ctx.io.out, `wrote ${events.events?.length ?? 0} events of ${workflowId} to ${options.output}`);
  return EXIT.ok;
}
