import type { ArticleView, GenerationProgress } from '../../contracts/api-types';
import type { Context } from '../context';
import { EXIT } from '../errors';
import { parseJobRef } from '../ids';
import { println } from '../io';
import { describeStageError, progressLines } from '../progress-view';

/** One look at a job: the article it makes and its progress. Exits 0 whatever the job's state. */
export async function status(ctx: Context, id: string, options: { json?: boolean }): Promise<number> {
  const ref = parseJobRef(id);
  const api = ctx.api();
  const [article, progress] = await Promise.all([
    api.get<ArticleView>(`/articles/${ref.articleId}`),
    api.get<GenerationProgress>(`/jobs/${ref.jobId}`),
  ]);
  if (options.json) {
    println(ctx.io.out, JSON.stringify({ ...ref, status: progress.status, article, progress }));
    return EXIT.ok;
  }
  const out = ctx.io.out;
  println(
    out,
    `article ${article.id}: ${article.language} ${article.level}, ${article.length} words, "${article.topic}"`,
  );
  if (article.title) println(out, `title   ${article.title}`);
  if (article.source?.url)
    println(out, `source  ${[article.source.outlet, article.source.url].filter(Boolean).join(' ')}`);
  if (article.levelCheck) {
    const check = article.levelCheck;
    println(
      out,
      `level   asked ${check.requested}, measured ${check.measured} (${check.score.toFixed(1)}, ${check.verdict})`,
    );
  }
  for (const line of progressLines(ref.jobId, progress, Date.now())) println(out, line);
  if (progress.status === 'failed' && progress.error) {
    const where = progress.error.stage ? ` at ${progress.error.stage}` : '';
    println(out, `  failed${where}: ${describeStageError(progress.error)}`);
  }
  if (progress.status === 'failed' || progress.status === 'cancelled')
    println(out, `  \`opad retry ${ref.articleId}\` runs it again`);
  else if (progress.status === 'queued' || progress.status === 'running')
    println(out, `  \`opad watch ${ref.articleId}\` follows it`);
  return EXIT.ok;
}
