import type { Metadata } from 'next';
import Link from 'next/link';
import type {
  ArticleMeta,
  ArticleQuestions,
  ArticleUsage,
  ArticleView,
  NarrationTimings,
  VocabularyGroup,
} from '../../../../contracts/api-types';
import { ArticleFacts } from '../../../components/article-facts';
import { LevelEvidence } from '../../../components/level-evidence';
import { MarkRead } from '../../../components/mark-read';
import { NarrationPlayer } from '../../../components/narration-player';
import { Questions } from '../../../components/questions';
import { Reader } from '../../../components/reader';
import { StatusBadge } from '../../../components/status-badge';
import { apiGet, apiGetText } from '../../../lib/api-server';

export const metadata: Metadata = { title: 'Read' };

/** Every saved form of the learner's words in this language, so the reader can mark them. */
function savedForms(groups: VocabularyGroup[]): string[] {
  return groups.flatMap((group) => [group.lemma, ...group.entries.map((entry) => entry.word)]);
}

/** The saved forms of the due words the story used. */
function dueForms(groups: VocabularyGroup[], lemmas: string[]): string[] {
  return savedForms(groups.filter((group) => lemmas.includes(group.lemma)));
}

export default async function ReaderPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const article = await apiGet<ArticleView>(`/articles/${encodeURIComponent(id)}`);
  if (article.status !== 'completed') {
    return (
      <>
        <h1>{article.topic}</h1>
        <p className="card">
          This article is not ready: its generation is <StatusBadge status={article.status} />.{' '}
          <Link href={`/jobs/${article.jobId}`}>Follow its progress</Link>.
        </p>
      </>
    );
  }
  const [markdown, meta, usage, vocabulary, questions, timings] = await Promise.all([
    apiGetText(`/articles/${id}/content`),
    apiGet<ArticleMeta>(`/articles/${id}/meta`),
    apiGet<ArticleUsage>(`/usage/articles/${id}`),
    apiGet<{ items: VocabularyGroup[] }>(`/vocabulary?language=${article.language}`),
    article.questions ? apiGet<ArticleQuestions>(`/articles/${id}/questions`) : undefined,
    article.narration ? apiGet<NarrationTimings>(`/articles/${id}/audio/timings`) : undefined,
  ]);
  return (
    <article>
      <MarkRead articleId={article.id} />
      <p className="meta row">
        <span className="badge level">{article.level}</span>
        <span>{meta.wordCount} words</span>
        <Link href={`/jobs/${article.jobId}`}>How it was made</Link>
      </p>
      {meta.level ? <LevelEvidence level={meta.level} /> : null}
      {timings ? <NarrationPlayer articleId={article.id} timings={timings} /> : null}
      {meta.narration && 'skipped' in meta.narration ? (
        <p className="meta" data-testid="no-narration">
          No audio for this article: the narration could not be recorded (
          <Link href={`/jobs/${article.jobId}`}>its job says why</Link>).
        </p>
      ) : null}
      {meta.dueWordsUsed.length ? (
        <p className="meta due-legend">
          <span className="word due">Underlined</span>: words you were due to review (
          {meta.dueWordsUsed.join(', ')}). Meeting them here is noted but is not a review: they stay in your
          review queue.
        </p>
      ) : null}
      <Reader
        markdown={markdown}
        language={article.language}
        articleId={article.id}
        savedWords={savedForms(vocabulary.items)}
        rareWords={meta.level?.outOfBand}
        dueWords={dueForms(vocabulary.items, meta.dueWordsUsed)}
      />
      {questions ? <Questions articleId={article.id} initial={questions} /> : null}
      <ArticleFacts meta={meta} usage={usage} />
    </article>
  );
}
