import type { GenerationProgress } from '../contracts/api-types';
import type { ApiClient } from './api-client';
import { CliError, EXIT } from './errors';
import { followJob } from './follow';
import { formatDuration, plural } from './format';
import { type Io, println } from './io';
import { createView, describeStageError, type ViewMode } from './progress-view';

function totalMs(progress: GenerationProgress): number | undefined {
  const starts = progress.stages.flatMap((stage) => (stage.startedAt ? [Date.parse(stage.startedAt)] : []));
  const ends = progress.stages.flatMap((stage) => (stage.finishedAt ? [Date.parse(stage.finishedAt)] : []));
  if (starts.length === 0 || ends.length === 0) return undefined;
  return Math.max(...ends) - Math.min(...starts);
}

/** What a generation that has stopped means for the person: 0 when it completed, else 1 and what to do next. */
export function reportOutcome(io: Io, mode: ViewMode, jobId: string, progress: GenerationProgress): number {
  const { articleId, status } = progress;
  if (mode === 'json') {
    const { message, error, result } = progress;
    println(io.out, JSON.stringify({ type: 'result', jobId, articleId, status, message, error, result }));
  }
  if (status === 'completed') {
    if (mode !== 'json') {
      const title = progress.result?.title ? `"${progress.result.title}"` : 'the article';
      const words = progress.result?.wordCount ? `, ${plural(progress.result.wordCount, 'word')}` : '';
      const took = totalMs(progress);
      println(
        io.out,
        `completed: ${title}${words}${took === undefined ? '' : `, in ${formatDuration(took)}`}`,
      );
      println(io.out, `article ${articleId}`);
    }
    return EXIT.ok;
  }
  const retry = `\`opad retry ${articleId}\` runs it again; finished stages are reused, not paid for twice`;
  if (status === 'failed') {
    const where = progress.error?.stage ? ` at ${progress.error.stage}` : '';
    const why = progress.error ? `: ${describeStageError(progress.error)}` : '';
    printError(io, new CliError(`the generation failed${where}${why}`, [retry]));
  } else {
    printError(io, new CliError(`the generation was ${status}`, [retry]));
  }
  return EXIT.failure;
}

export function printError(io: Io, error: CliError): void {
  println(io.err, `opad: ${error.message}`);
  for (const hint of error.hints) println(io.err, `  ${hint}`);
}

/** Shows a job's progress until it stops, then reports the outcome; Ctrl-C stops watching, not the job. */
export async function watchJob(
  api: ApiClient,
  io: Io,
  mode: ViewMode,
  job: { jobId: string; articleId: string },
): Promise<number> {
  const view = createView(mode, io, job.jobId);
  const onInterrupt = () => {
    view.close();
    println(io.err, '');
    printError(
      io,
      new CliError('stopped watching; the generation goes on', [
        `\`opad watch ${job.articleId}\` follows it again`,
      ]),
    );
    process.exit(EXIT.interrupted);
  };
  process.once('SIGINT', onInterrupt);
  try {
    const final = await followJob(api, job.jobId, (progress) => view.update(progress));
    view.close();
    return reportOutcome(io, mode, job.jobId, final);
  } finally {
    view.close();
    process.removeListener('SIGINT', onInterrupt);
  }
}
