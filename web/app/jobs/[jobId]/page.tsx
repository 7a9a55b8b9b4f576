import type { Metadata } from 'next';
import type { ArticleView, GenerationProgress } from '../../../../contracts/api-types';
import { languageName } from '../../../../contracts/article-request';
import { JobProgress } from '../../../components/job-progress';
import { apiGet } from '../../../lib/api-server';

export const metadata: Metadata = { title: 'Generation' };

export default async function JobPage({ params }: { params: Promise<{ jobId: string }> }) {
  const { jobId } = await params;
  const progress = await apiGet<GenerationProgress>(`/jobs/${encodeURIComponent(jobId)}`);
  const article = await apiGet<ArticleView>(`/articles/${progress.articleId}`);
  return (
    <>
      <h1>
        {article.topic} <span className="badge level">{article.level}</span>
      </h1>
      <p className="meta">
        {article.length} words · {languageName(article.language)} · requested{' '}
        {new Date(article.createdAt).toLocaleString('en')}
      </p>
      <JobProgress jobId={jobId} articleId={article.id} initial={progress} />
    </>
  );
}
