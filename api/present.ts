import type { Article } from '../db/schema';
import { learnerMessage } from './learner-errors';
import { workflowIdOf } from './orchestration/temporal-calls';

/** The public shape of an article: no owner id, no internal blob keys. */
export function presentArticle(article: Article) {
  return {
    id: article.id,
    jobId: workflowIdOf(article.id),
    language: article.language,
    level: article.level,
    length: article.length,
    topic: article.topic,
    status: article.status,
    stage: article.stage,
    title: article.title,
    source: article.source_url
      ? {
          outlet: article.source_outlet,
          title: article.title,
          url: article.source_url,
          date: article.source_date,
          author: article.source_author,
        }
      : null,
    // The full message stays in the row, the log and Temporal, for operators.
    error: article.error
      ? { ...article.error, message: learnerMessage(article.error.type, article.error.message) }
      : null,
    vocabularyUsed: article.vocabulary_used,
    /** What the level check measured in the published text; null before it is published, or from before the check. */
    levelCheck: article.level_report ?? null,
    timings: article.timings,
    createdAt: article.created_at,
    updatedAt: article.updated_at,
  };
}
